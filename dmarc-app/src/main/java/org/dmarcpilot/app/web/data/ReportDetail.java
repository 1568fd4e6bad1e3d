// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;
import org.dmarcpilot.report.aggregate.ReportRecord;

/**
 * One report with one page of its records, for the report page: a report of 20,000 records is not
 * read, nor sent, whole.
 *
 * @param stored the report with only this page's records (its summary counts all of them)
 * @param totals the figures over all of its records
 * @param records this page's records, with the number of all of them
 */
public record ReportDetail(StoredReport stored, ReportTotals totals, Page<ReportRecord> records) {
  /** Checks that the parts are present. */
  public ReportDetail {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(records, "records");
  }
}
