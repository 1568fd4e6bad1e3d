// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Objects;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.jspecify.annotations.Nullable;

/**
 * A parsed report on its way into the store.
 *
 * @param report the report
 * @param contentSha256 the SHA-256 of the XML payload, 64 lower-case hex digits
 * @param source where it came from
 * @param original the bytes it arrived as, or null when they were not kept
 */
public record IncomingReport(
    AggregateReport report,
    String contentSha256,
    Provenance source,
    @Nullable ReportOriginal original) {
  public IncomingReport {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(source, "source");
    Sha256.requireHex(contentSha256, "contentSha256");
  }

  /** A report without its original. */
  public IncomingReport(AggregateReport report, String contentSha256, Provenance source) {
    this(report, contentSha256, source, null);
  }

  /** This report with its original. */
  public IncomingReport withOriginal(@Nullable ReportOriginal o) {
    return new IncomingReport(report, contentSha256, source, o);
  }

  /** The dedup key of this report. */
  public DedupKey key() {
    return DedupKey.of(report);
  }
}
