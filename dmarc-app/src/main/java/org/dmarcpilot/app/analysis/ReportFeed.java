// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.util.List;
import org.dmarcpilot.report.aggregate.AggregateReport;

/** Where {@link AnalysisService} gets reports from: the store in the application. */
@FunctionalInterface
public interface ReportFeed {
  /** The reports of a policy domain whose period overlaps {@code [from, to)}. */
  List<AggregateReport> reports(String domain, Instant from, Instant to);
}
