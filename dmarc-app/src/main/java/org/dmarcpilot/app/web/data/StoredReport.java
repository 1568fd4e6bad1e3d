// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * One stored report in full: its summary, the parsed report, and where it came from.
 *
 * @param summary what the list shows
 * @param report the report as read
 * @param origin where it came from ("upload: x.zip", "imap: user@host/INBOX", a file path)
 */
public record StoredReport(ReportSummary summary, AggregateReport report, String origin) {
  /** Checks that the fields are present. */
  public StoredReport {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(origin, "origin");
  }
}
