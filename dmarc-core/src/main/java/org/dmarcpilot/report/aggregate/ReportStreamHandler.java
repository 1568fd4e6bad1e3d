// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.PayloadOriginal;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportSource;

/**
 * Receives the reports of one input record by record, from {@link ReportReader#stream}: for reports
 * of any size (a 500 MB report with millions of records is read in a small heap).
 *
 * <p>For each report: {@link #begin}, then {@link #record} for each record, then either {@link
 * #end} or, if the report turns out to be broken after it began, {@link #abort}: everything
 * received since {@code begin} must then be discarded (a store rolls back); the {@link #failure}
 * with the reason and the original bytes follows later. Reports of at most {@link
 * org.dmarcpilot.report.ReportLimits#repairableXmlBytes()} are read whole before {@code begin}, so
 * they are never aborted.
 */
public interface ReportStreamHandler {

  /** A report begins; its records follow. */
  void begin(ReportSource source, ReportHeader header);

  /** One record of the current report. */
  void record(ReportRecord record);

  /**
   * The current report was read to its end.
   *
   * @param source where it came from
   * @param sha256 the SHA-256 of its XML bytes, lower-case hex
   * @param trailer totals, extensions and issues
   */
  void end(ReportSource source, String sha256, ReportTrailer trailer);

  /**
   * The current report broke after {@link #begin} (a damaged or over-limit payload past {@link
   * org.dmarcpilot.report.ReportLimits#repairableXmlBytes()}, or an I/O error of the input):
   * discard what was received since {@code begin}.
   */
  void abort(ReportSource source);

  /** A payload failed; the input's other payloads are not affected. */
  void failure(PayloadFailure failure);

  /** A part that is not a report was ignored. */
  default void skipped(ReportSource source, ReportIssue issue) {}

  /**
   * The bytes the reports just handed over arrived as (see {@link
   * org.dmarcpilot.report.PayloadHandler#original}); only when {@link
   * org.dmarcpilot.report.ReportLimits#originalCopyBytes()} is above 0.
   */
  default void original(PayloadOriginal original) {}
}
