// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.ReportRecord;

/** Where {@link AnalysisService} gets reports from: the store in the application. */
@FunctionalInterface
public interface ReportFeed {
  /**
   * The reports of a policy domain whose period overlaps {@code [from, to)}, oldest first. The
   * store's feed reads them lazily, a batch at a time, each time they are iterated: callers iterate
   * once and do not keep them.
   */
  Iterable<AggregateReport> reports(String domain, Instant from, Instant to);

  /**
   * The distinct source IPs of the rows of {@link #reports}. This default iterates the reports; the
   * store's feed asks the database.
   */
  default Set<InetAddress> sourceIps(String domain, Instant from, Instant to) {
    Set<InetAddress> ips = new LinkedHashSet<>();
    for (AggregateReport r : reports(domain, from, to)) {
      for (ReportRecord row : r.records()) {
        ips.add(row.sourceIp());
      }
    }
    return ips;
  }
}
