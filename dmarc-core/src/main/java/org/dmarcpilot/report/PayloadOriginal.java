// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bytes one or more reports arrived as, so that a user can download the file the reporter sent:
 * the whole input when it is XML, gzip or zip (a file, an upload), or, for e-mail, the attachment
 * (or body) that held the report, after transfer decoding. Handed to {@link
 * PayloadHandler#original} right after the reports it covers, when {@link
 * ReportLimits#originalCopyBytes()} is above 0.
 *
 * <p>The bytes are not copied on the way (an input read from memory is handed over as it is): do
 * not modify them.
 *
 * @param source where the original is: the input, or the MIME part of a message
 * @param reports how many reports it holds: the last {@code reports} reports handed over
 * @param size its size in bytes
 * @param bytes the bytes, or null when {@code size} is over {@link
 *     ReportLimits#originalCopyBytes()} and nothing was kept
 * @param mediaType what it is, by content: {@code application/xml}, {@code application/gzip},
 *     {@code application/zip}, {@code message/rfc822} (a message attached as a file)
 * @param fileName the attachment's file name as the message gave it, or null (the input's own name
 *     is {@link ReportSource#inputName()})
 */
public record PayloadOriginal(
    ReportSource source,
    int reports,
    long size,
    byte @Nullable [] bytes,
    String mediaType,
    @Nullable String fileName) {

  /** Checks the parts; the bytes are not copied (they may be large). */
  public PayloadOriginal {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mediaType, "mediaType");
    if (reports < 1) {
      throw new IllegalArgumentException("an original covers at least one report: " + reports);
    }
    if (bytes != null && bytes.length != size) {
      throw new IllegalArgumentException(
          "size " + size + " is not the length of the bytes " + bytes.length);
    }
  }

  /** Whether the bytes were kept (the original was within the limit). */
  public boolean kept() {
    return bytes != null;
  }

  @Override
  public String toString() {
    return "PayloadOriginal["
        + source.location()
        + ", "
        + size
        + " bytes"
        + (kept() ? "" : ", not kept")
        + "]";
  }
}
