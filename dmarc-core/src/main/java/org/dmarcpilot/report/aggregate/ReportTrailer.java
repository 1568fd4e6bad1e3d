// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.List;
import org.dmarcpilot.report.ReportIssue;

/**
 * What is known of an aggregate report once its end was read: the totals, the report-level
 * extensions and the issues (repairs and skipped parts), in document order.
 *
 * @param recordCount how many records were delivered (skipped records are not counted)
 * @param messageCount the sum of the delivered records' counts
 * @param extensions the children of the report-level {@code <extension>}, each kept as raw XML
 * @param issues every repair the reader made and every part it skipped
 */
public record ReportTrailer(
    long recordCount, long messageCount, List<String> extensions, List<ReportIssue> issues) {

  /** Copies the lists and checks the counts. */
  public ReportTrailer {
    if (recordCount < 0 || messageCount < 0) {
      throw new IllegalArgumentException("negative count");
    }
    extensions = List.copyOf(extensions);
    issues = List.copyOf(issues);
  }
}
