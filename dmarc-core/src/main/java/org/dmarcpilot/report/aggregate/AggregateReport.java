// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.report.ReportIssue;
import org.jspecify.annotations.Nullable;

/**
 * One DMARC aggregate report: the {@code <feedback>} document.
 *
 * @param version the {@code <version>} element as written, or null when absent
 * @param schema which schema the document followed
 * @param metadata the {@code <report_metadata>}
 * @param policyPublished the {@code <policy_published>}
 * @param records the {@code <record>} rows, in document order
 * @param extensions the children of the report-level {@code <extension>} element, each kept as raw
 *     XML (one string per child element)
 * @param issues every repair the reader made, in document order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9990">RFC 9990</a>
 */
public record AggregateReport(
    @Nullable String version,
    ReportSchema schema,
    ReportMetadata metadata,
    PolicyPublished policyPublished,
    List<ReportRecord> records,
    List<String> extensions,
    List<ReportIssue> issues) {
  public AggregateReport {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(policyPublished, "policyPublished");
    records = List.copyOf(records);
    extensions = List.copyOf(extensions);
    issues = List.copyOf(issues);
  }

  /** A report from its header and the rest. */
  public static AggregateReport of(
      ReportHeader header,
      List<ReportRecord> records,
      List<String> extensions,
      List<ReportIssue> issues) {
    return new AggregateReport(
        header.version(),
        header.schema(),
        header.metadata(),
        header.policyPublished(),
        records,
        extensions,
        issues);
  }

  /** Everything before the records: version, schema, metadata, published policy. */
  public ReportHeader header() {
    return new ReportHeader(version, schema, metadata, policyPublished);
  }

  /**
   * The sum of the message counts of all records.
   *
   * @throws ArithmeticException if the sum does not fit a {@code long} (the reader never builds
   *     such a report)
   */
  public long messageCount() {
    long total = 0;
    for (ReportRecord r : records) {
      total = Math.addExact(total, r.count());
    }
    return total;
  }
}
