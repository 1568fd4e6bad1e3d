// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;
import java.util.Objects;
import org.dmarcpilot.report.PayloadOriginal;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.internal.Sniffer.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The original of the reports being read: the whole input (in memory already, not copied) or a part
 * read through a bounded copying stream; counts the reports found in it.
 */
public final class OriginalCapture {
  private final ReportSource source;
  private final Kind kind;
  private final @Nullable String fileName;
  private final byte @Nullable [] whole;
  private final @Nullable CopyingInputStream tee;
  private int reports;

  private OriginalCapture(
      ReportSource source,
      Kind kind,
      @Nullable String fileName,
      byte @Nullable [] whole,
      @Nullable CopyingInputStream tee) {
    this.source = Objects.requireNonNull(source, "source");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.fileName = fileName;
    this.whole = whole;
    this.tee = tee;
  }

  /** The whole input, already in memory. */
  public static OriginalCapture ofInput(ReportSource source, Kind kind, byte[] input) {
    return new OriginalCapture(source, kind, null, input, null);
  }

  /** What is read through {@code tee}: a streamed input, or a MIME part with its file name. */
  public static OriginalCapture ofStream(
      ReportSource source, Kind kind, @Nullable String fileName, CopyingInputStream tee) {
    return new OriginalCapture(source, kind, fileName, null, tee);
  }

  /** One more report was read from it. */
  public void reportFound() {
    reports++;
  }

  /** How many reports were read from it. */
  public int reports() {
    return reports;
  }

  /** Reads the rest of a streamed original, so that the copy and its size are complete. */
  public void drain() throws IOException {
    if (tee != null) {
      tee.drain();
    }
  }

  /**
   * The original, or null when it yielded no report.
   *
   * @param limit the most bytes kept; a larger original keeps only its size
   */
  public @Nullable PayloadOriginal result(int limit) {
    if (reports == 0) {
      return null;
    }
    long size;
    byte @Nullable [] bytes;
    if (whole != null) {
      size = whole.length;
      bytes = whole.length <= limit ? whole : null;
    } else {
      CopyingInputStream t = Objects.requireNonNull(tee, "tee");
      size = t.total();
      bytes = t.truncated() ? null : t.copy();
    }
    return new PayloadOriginal(source, reports, size, bytes, mediaType(kind), fileName);
  }

  private static String mediaType(Kind kind) {
    return switch (kind) {
      case XML -> "application/xml";
      case GZIP -> "application/gzip";
      case ZIP -> "application/zip";
      case MESSAGE -> "message/rfc822";
      default -> "application/octet-stream";
    };
  }
}
