// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DailyTraffic;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.TrafficQueries;

/**
 * Volumes and pass rates per domain and day, as the reporters evaluated them (a record counts on
 * the UTC day its report begins), answered from the {@link TrafficRollup}. Per-class volumes come
 * from the analysis and are not part of these sums.
 */
public final class SqlTrafficQueries implements TrafficQueries {
  private final TrafficRollup rollup;

  /** Queries answered from the rollup. */
  public SqlTrafficQueries(TrafficRollup rollup) {
    this.rollup = Objects.requireNonNull(rollup, "rollup");
  }

  @Override
  public List<DomainTraffic> domains(DateRange range) {
    List<DomainTraffic> out = new ArrayList<>();
    for (Map.Entry<String, NavigableMap<LocalDate, long[]>> e : rollup.days().entrySet()) {
      NavigableMap<LocalDate, long[]> in =
          e.getValue().subMap(range.from(), true, range.to(), true);
      if (in.isEmpty()) {
        continue;
      }
      long[] t = new long[4];
      long[] daily = new long[range.days()];
      for (Map.Entry<LocalDate, long[]> d : in.entrySet()) {
        for (int i = 0; i < 4; i++) {
          t[i] += d.getValue()[i];
        }
        daily[(int) (d.getKey().toEpochDay() - range.from().toEpochDay())] = d.getValue()[0];
      }
      List<Long> days = new ArrayList<>(daily.length);
      for (long v : daily) {
        days.add(v);
      }
      out.add(
          new DomainTraffic(e.getKey(), t[0], t[1], t[2], t[3], rollup.policy(e.getKey()), days));
    }
    return out;
  }

  @Override
  public List<DailyTraffic> daily(String domain, DateRange range) {
    NavigableMap<LocalDate, long[]> days = rollup.days().get(domain);
    List<DailyTraffic> out = new ArrayList<>(range.days());
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      long[] s = days == null ? null : days.get(d);
      if (s == null) {
        s = new long[4];
      }
      out.add(new DailyTraffic(d, s[0], s[1], s[2], s[3], Map.of()));
    }
    return out;
  }
}
