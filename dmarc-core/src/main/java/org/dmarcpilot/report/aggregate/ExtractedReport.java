// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.dmarcpilot.report.ReportSource;

/**
 * One aggregate report found in an input, with its provenance.
 *
 * @param source where it came from: input, mbox message, Message-ID, attachment, zip member
 * @param sha256 the SHA-256 of the report's XML bytes as received (after decompression), lower-case
 *     hex: the same report in a zip and in a gzip has the same digest
 * @param report the report
 */
public record ExtractedReport(ReportSource source, String sha256, AggregateReport report) {

  /** Checks that the parts are present. */
  public ExtractedReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(report, "report");
  }
}
