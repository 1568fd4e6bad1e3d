// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dmarcpilot.app.web.data.DailyTraffic;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.jspecify.annotations.Nullable;

/**
 * Volumes and pass rates per domain and day from {@code aggregate_record}, as the reporters
 * evaluated them (a record counts on the UTC day its report begins). Per-class volumes come from
 * the analysis and are not part of these sums.
 */
public final class SqlTrafficQueries implements TrafficQueries {
  private static final String SUMS =
      "SELECT policy_domain, report_day, SUM(message_count),"
          + " SUM(CASE WHEN dkim_aligned = 'pass' OR spf_aligned = 'pass'"
          + " THEN message_count ELSE 0 END),"
          + " SUM(CASE WHEN dkim_aligned = 'pass' THEN message_count ELSE 0 END),"
          + " SUM(CASE WHEN spf_aligned = 'pass' THEN message_count ELSE 0 END)"
          + " FROM aggregate_record";

  private static final String LATEST_POLICY =
      "SELECT policy_domain, policy_p FROM (SELECT policy_domain, policy_p, ROW_NUMBER() OVER"
          + " (PARTITION BY policy_domain ORDER BY date_begin DESC, id DESC) AS rn"
          + " FROM aggregate_report WHERE date_begin < ?) latest WHERE rn = 1";

  private final SqlReader sql;

  /** Queries run by the given reader. */
  public SqlTrafficQueries(SqlReader sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  /** Sums of one domain and day: messages, pass, dkim, spf. */
  private record DaySums(String domain, LocalDate day, long[] sums) {}

  private List<DaySums> sums(DateRange range, @Nullable String domain) {
    Sql.Where where =
        new Sql.Where().add("report_day >= ?", range.from()).add("report_day <= ?", range.to());
    if (domain != null) {
      where.add("policy_domain = ?", domain);
    }
    String q = SUMS + where.sql() + " GROUP BY policy_domain, report_day";
    return sql.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            Sql.bind(ps, where.args());
            List<DaySums> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new DaySums(
                        rs.getString(1),
                        Sql.date(rs, 2),
                        new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)}));
              }
            }
            return out;
          }
        });
  }

  private Map<String, String> latestPolicies(DateRange range) {
    return sql.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(LATEST_POLICY)) {
            ps.setObject(1, Sql.utc(range.endExclusive()));
            Map<String, String> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String p = rs.getString(2);
                if (p != null) {
                  out.put(rs.getString(1), p);
                }
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<DomainTraffic> domains(DateRange range) {
    Map<String, long[]> totals = new TreeMap<>();
    Map<String, long[]> daily = new HashMap<>();
    for (DaySums d : sums(range, null)) {
      long[] t = totals.computeIfAbsent(d.domain(), k -> new long[4]);
      for (int i = 0; i < 4; i++) {
        t[i] += d.sums()[i];
      }
      int index = (int) (d.day().toEpochDay() - range.from().toEpochDay());
      daily.computeIfAbsent(d.domain(), k -> new long[range.days()])[index] += d.sums()[0];
    }
    Map<String, String> policies = latestPolicies(range);
    List<DomainTraffic> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : totals.entrySet()) {
      long[] t = e.getValue();
      List<Long> days = new ArrayList<>();
      for (long v : daily.get(e.getKey())) {
        days.add(v);
      }
      out.add(
          new DomainTraffic(e.getKey(), t[0], t[1], t[2], t[3], policies.get(e.getKey()), days));
    }
    return out;
  }

  @Override
  public List<DailyTraffic> daily(String domain, DateRange range) {
    Map<LocalDate, long[]> byDay = new HashMap<>();
    for (DaySums d : sums(range, domain)) {
      byDay.put(d.day(), d.sums());
    }
    List<DailyTraffic> out = new ArrayList<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      long[] s = byDay.getOrDefault(d, new long[4]);
      out.add(new DailyTraffic(d, s[0], s[1], s[2], s[3], Map.of()));
    }
    return out;
  }
}
