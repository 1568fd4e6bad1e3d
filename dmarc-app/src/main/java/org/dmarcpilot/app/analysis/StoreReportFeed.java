// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.StoredReport;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A {@link ReportFeed} over the store: the reports of a policy domain whose period overlaps the
 * asked one, oldest first, each rebuilt whole by the store.
 */
public final class StoreReportFeed implements ReportFeed {
  private final ReportStore store;

  /** A feed from the given store. */
  public StoreReportFeed(ReportStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public List<AggregateReport> reports(String domain, Instant from, Instant to) {
    List<Long> pks =
        store.read(
            c -> {
              List<Long> ids = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id FROM aggregate_report WHERE policy_domain = ?"
                          + " AND date_end >= ? AND date_begin < ? ORDER BY date_begin, id")) {
                ps.setString(1, domain.toLowerCase(Locale.ROOT));
                ps.setObject(2, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(3, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ids.add(rs.getLong(1));
                  }
                }
              }
              return ids;
            });
    List<AggregateReport> out = new ArrayList<>(pks.size());
    for (long pk : pks) {
      store.findReport(pk).map(StoredReport::report).ifPresent(out::add);
    }
    return out;
  }
}
