// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a stored report arrived as: the file (xml, xml.gz, zip) or, for e-mail, the attachment
 * after transfer decoding. Kept with the report, in the same transaction; when it was larger than
 * the limit only its size is kept.
 *
 * @param fileName a file name to offer (no path, no control characters, no quotes)
 * @param mediaType its content type
 * @param size its size in bytes
 * @param bytes the bytes (not copied: do not modify them), or null when they were not kept
 */
public record ReportOriginal(
    String fileName, String mediaType, long size, byte @Nullable [] bytes) {

  /** Checks the parts; the bytes are not copied (they may be large). */
  public ReportOriginal {
    fileName = StoredText.cleanNonNull(Objects.requireNonNull(fileName, "fileName"));
    mediaType = StoredText.cleanNonNull(Objects.requireNonNull(mediaType, "mediaType"));
    if (size < 0 || (bytes != null && bytes.length != size)) {
      throw new IllegalArgumentException(
          "size "
              + size
              + " does not fit "
              + (bytes == null ? "no bytes" : bytes.length + " bytes"));
    }
  }

  /** Whether the bytes were kept. */
  public boolean kept() {
    return bytes != null;
  }

  /**
   * A file name to offer for an original: the last segment of {@code name} (a path, an attachment's
   * name) without control characters, quotes or backslashes, at most 200 characters; {@code
   * report.xml}, {@code report.xml.gz} or {@code report.zip} by media type when nothing is left.
   */
  public static String fileNameFor(@Nullable String name, String mediaType) {
    String n = name == null ? "" : name;
    int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(cut + 1);
    StringBuilder sb = new StringBuilder(Math.min(n.length(), 200));
    for (int i = 0; i < n.length() && sb.length() < 200; i++) {
      char c = n.charAt(i);
      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\'' && !(c >= 0x80 && c < 0xa0)) {
        sb.append(c);
      }
    }
    String s = sb.toString().strip();
    if (s.isEmpty() || s.equals(".") || s.equals("..")) {
      return switch (mediaType.toLowerCase(Locale.ROOT)) {
        case "application/gzip" -> "report.xml.gz";
        case "application/zip" -> "report.zip";
        case "message/rfc822" -> "report.eml";
        default -> "report.xml";
      };
    }
    return s;
  }

  @Override
  public String toString() {
    return "ReportOriginal["
        + fileName
        + ", "
        + mediaType
        + ", "
        + size
        + " bytes"
        + (kept() ? "" : ", not kept")
        + "]";
  }
}
