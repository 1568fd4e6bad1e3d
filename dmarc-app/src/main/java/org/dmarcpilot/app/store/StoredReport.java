// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.Instant;
import java.util.Objects;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A report as the store holds it.
 *
 * @param pk the primary key
 * @param report the report, rebuilt from the rows
 * @param contentSha256 SHA-256 of the XML payload
 * @param source where it came from
 * @param ingestedAt when it was stored
 */
public record StoredReport(
    long pk, AggregateReport report, String contentSha256, Provenance source, Instant ingestedAt) {
  public StoredReport {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(contentSha256, "contentSha256");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(ingestedAt, "ingestedAt");
  }

  /** The report with only its records from {@code firstRow} on, at most {@code maxRows}. */
  static StoredReport slice(StoredReport s, int firstRow, int maxRows) {
    AggregateReport r = s.report();
    int from = Math.min(firstRow, r.records().size());
    int to = (int) Math.min(r.records().size(), (long) from + maxRows);
    AggregateReport cut =
        new AggregateReport(
            r.version(),
            r.schema(),
            r.metadata(),
            r.policyPublished(),
            r.records().subList(from, to),
            r.extensions(),
            r.issues());
    return new StoredReport(s.pk(), cut, s.contentSha256(), s.source(), s.ingestedAt());
  }
}
