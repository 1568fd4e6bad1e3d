// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives what a {@link PayloadExtractor} finds in one input. Reports are handed over as they are
 * found; the failures and skipped parts of one unit (the input, or one message of an mbox) follow
 * after that unit's reports.
 */
public interface PayloadHandler {

  /**
   * An XML payload: read it from {@code xml} (to its end, or as far as needed). Throw {@link
   * ReportParseException} if it is not a usable report; the extractor then reports it to {@link
   * #failed} with a copy of the original bytes and goes on with the next payload.
   *
   * @param source where the payload is
   * @param xml the XML bytes, decompressed and bounded; valid until this method returns
   * @throws ReportParseException if the payload is not a usable report
   * @throws IOException if reading {@code xml} fails; when the input itself failed the extraction
   *     ends with this exception, otherwise the payload counts as failed
   */
  void xml(ReportSource source, InputStream xml) throws ReportParseException, IOException;

  /** A payload failed. The other payloads of the input are not affected. */
  void failed(PayloadFailure failure);

  /**
   * A part that is not a report was ignored: a zip member that is not XML, an attachment that is
   * neither XML, gzip nor zip. Only told when the same unit yielded a report or a failure; a unit
   * with nothing in it fails as a whole instead.
   */
  default void skipped(ReportSource source, ReportIssue issue) {}

  /**
   * The bytes the reports just handed over arrived as: the last {@link PayloadOriginal#reports()}
   * reports. Told only when {@link ReportLimits#originalCopyBytes()} is above 0, and only for
   * originals that yielded at least one report.
   */
  default void original(PayloadOriginal original) {}
}
