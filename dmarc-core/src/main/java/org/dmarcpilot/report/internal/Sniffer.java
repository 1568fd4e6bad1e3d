// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tells what a payload is from its first bytes, never from its name: the magic bytes of gzip and
 * zip, a {@code <} (after an optional byte order mark and white space) for XML, a header field for
 * an e-mail message, {@code From } for an mbox.
 */
public final class Sniffer {
  /** How many bytes are looked at. */
  public static final int HEAD = 512;

  private Sniffer() {}

  /** What a payload is. */
  public enum Kind {
    /** No bytes at all. */
    EMPTY,
    /** Only white space. */
    BLANK,
    /** XML (possibly with a byte order mark, possibly UTF-16). */
    XML,
    /** gzip ({@code 1f 8b}). */
    GZIP,
    /** A zip archive ({@code PK 03 04}). */
    ZIP,
    /** A zip archive without members ({@code PK 05 06}). */
    EMPTY_ZIP,
    /** An RFC 5322 message: it begins with a header field. */
    MESSAGE,
    /** An mbox: it begins with a {@code From } line. */
    MBOX,
    /** A JSON document (as SMTP TLS reports are). */
    JSON,
    /** None of the above. */
    UNKNOWN
  }

  /**
   * Looks at the first bytes of {@code in} without consuming them.
   *
   * @param in a stream that supports mark and reset
   * @throws IOException if reading fails
   */
  public static Kind sniff(InputStream in) throws IOException {
    return sniff(head(in));
  }

  /**
   * The first bytes of {@code in} (at most {@link #HEAD}), without consuming them.
   *
   * @throws IOException if reading fails
   */
  public static byte[] head(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("the stream must support mark/reset");
    }
    in.mark(HEAD);
    byte[] head = in.readNBytes(HEAD);
    in.reset();
    return head;
  }

  /** What the bytes are, from the first of them. */
  public static Kind sniff(byte[] head) {
    int n = head.length;
    if (n == 0) {
      return Kind.EMPTY;
    }
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Kind.GZIP;
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
      if (head[2] == 3 && head[3] == 4) {
        return Kind.ZIP;
      }
      if (head[2] == 5 && head[3] == 6) {
        return Kind.EMPTY_ZIP;
      }
    }
    if (n >= 2
        && ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff
            || (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe)) {
      return Kind.XML; // UTF-16 byte order mark
    }
    if (n >= 2 && (head[0] == 0 && head[1] == '<' || head[0] == '<' && head[1] == 0)) {
      return Kind.XML; // UTF-16 without a byte order mark
    }
    int i = 0;
    if (n >= 3
        && (head[0] & 0xff) == 0xef
        && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < n && isSpace(head[i])) {
      i++;
    }
    if (i == n) {
      return Kind.BLANK;
    }
    if (head[i] == '<') {
      return Kind.XML;
    }
    if ((head[i] == '{' || head[i] == '[') && isText(head, i, n)) {
      return Kind.JSON;
    }
    if (startsWith(head, 0, "From ")) {
      return Kind.MBOX;
    }
    return isHeaderField(head) ? Kind.MESSAGE : Kind.UNKNOWN;
  }

  /** Whether {@code head[from, to)} holds no control bytes but white space, as JSON text does. */
  private static boolean isText(byte[] head, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = head[i] & 0xff;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether XML text begins like an aggregate report: with an XML declaration, a comment or a
   * {@code <feedback>} element (rather than, say, {@code <html>}). Used for {@code text/plain}
   * parts, which are only read when they look like a report.
   */
  public static boolean looksLikeReportXml(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
    if (text.startsWith("\u00ef\u00bb\u00bf")) {
      text = text.substring(3).stripLeading();
    }
    return text.startsWith("<?xml")
        || text.startsWith("<!--")
        || text.startsWith("<feedback")
        || prefixedFeedback(text);
  }

  /** {@code <prefix:feedback}. */
  private static boolean prefixedFeedback(String text) {
    int colon = text.indexOf(':');
    if (!text.startsWith("<") || colon < 2 || colon > 40) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    return text.startsWith("feedback", colon + 1);
  }

  /**
   * Names a format that may hold a report but is not read (a tar archive, bzip2, xz, ...), so that
   * the error can say what the input is; null for anything else.
   */
  public static @Nullable String unsupported(byte[] head) {
    if (head.length >= 262 && startsWith(head, 257, "ustar")) {
      return "a tar archive";
    }
    if (startsWith(head, 0, "BZh")) {
      return "a bzip2 file";
    }
    if (startsWithHex(head, "fd377a585a00")) {
      return "an xz file";
    }
    if (startsWithHex(head, "28b52ffd")) {
      return "a zstd file";
    }
    if (startsWithHex(head, "377abcaf271c")) {
      return "a 7-Zip archive";
    }
    if (startsWith(head, 0, "Rar!\u001a\u0007")) {
      return "a RAR archive";
    }
    if (startsWith(head, 0, "%PDF-")) {
      return "a PDF document";
    }
    return null;
  }

  private static boolean startsWithHex(byte[] head, String hex) {
    byte[] magic = HexFormat.of().parseHex(hex);
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  /** The first bytes as text for a message: printable ASCII, others as {@code \xNN}. */
  public static String preview(byte[] head) {
    StringBuilder sb = new StringBuilder();
    int n = Math.min(head.length, 40);
    for (int i = 0; i < n; i++) {
      int c = head[i] & 0xff;
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append((char) c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\x%02x", c));
      }
    }
    if (head.length > n) {
      sb.append("...");
    }
    return '"' + sb.toString() + '"';
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean startsWith(byte[] head, int at, String prefix) {
    if (head.length - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (head[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** RFC 5322 §3.6.8: {@code field-name = 1*ftext} ({@code %d33-57 / %d59-126}), then a colon. */
  private static boolean isHeaderField(byte[] head) {
    int i = 0;
    while (i < head.length) {
      int c = head[i] & 0xff;
      if (c == ':') {
        return i > 0;
      }
      if (c < 33 || c > 126) {
        return false;
      }
      i++;
    }
    return false;
  }
}
