// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Objects;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A parsed report on its way into the store.
 *
 * @param report the report
 * @param contentSha256 the SHA-256 of the XML payload, 64 lower-case hex digits
 * @param source where it came from
 */
public record IncomingReport(AggregateReport report, String contentSha256, Provenance source) {
  public IncomingReport {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(source, "source");
    Sha256.requireHex(contentSha256, "contentSha256");
  }

  /** The dedup key of this report. */
  public DedupKey key() {
    return DedupKey.of(report);
  }
}
