// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.PayloadOriginal;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportSource;

/**
 * Receives the reports of one input from {@link ReportReader#read(java.io.InputStream, String,
 * ReportHandler)}, each whole. For reports too large to hold, use {@link ReportStreamHandler}.
 *
 * <p>Reports arrive as they are found; the failures and skipped parts of a unit (the input, or one
 * message of an mbox) follow that unit's reports.
 */
public interface ReportHandler {

  /** A report was read. */
  void report(ExtractedReport report);

  /** A payload failed; the input's other payloads are not affected. */
  void failure(PayloadFailure failure);

  /** A part that is not a report was ignored (see {@link org.dmarcpilot.report.PayloadHandler}). */
  default void skipped(ReportSource source, ReportIssue issue) {}

  /**
   * The bytes the reports just handed over arrived as (see {@link
   * org.dmarcpilot.report.PayloadHandler#original}); only when {@link
   * org.dmarcpilot.report.ReportLimits#originalCopyBytes()} is above 0.
   */
  default void original(PayloadOriginal original) {}
}
