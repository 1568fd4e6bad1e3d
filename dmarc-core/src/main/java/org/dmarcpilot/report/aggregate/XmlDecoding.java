// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes the bytes of a report for {@link XmlRepair}, leniently: the encoding from a byte order
 * mark (UTF-8, UTF-16), else from the XML declaration, else UTF-8; bytes that are not valid in it
 * become U+FFFD and are counted in one issue with the line of the first.
 */
final class XmlDecoding {
  private XmlDecoding() {}

  /** The text of {@code b[0..len)}; problems go to {@code issues}. */
  static String decode(byte[] b, int len, IssueCollector issues) {
    int start = 0;
    Charset cs;
    if (len >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      cs = StandardCharsets.UTF_8;
      start = 3;
    } else if (len >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      cs = StandardCharsets.UTF_16BE;
      start = 2;
    } else if (len >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      cs = StandardCharsets.UTF_16LE;
      start = 2;
    } else if (len >= 2 && b[0] == 0 && b[1] == '<') {
      cs = StandardCharsets.UTF_16BE;
    } else if (len >= 2 && b[0] == '<' && b[1] == 0) {
      cs = StandardCharsets.UTF_16LE;
    } else {
      cs = declaredCharset(b, len, issues);
    }
    CharsetDecoder dec =
        cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, start, len - start);
    CharBuffer out = CharBuffer.allocate(len - start + 16);
    long bad = 0;
    int firstBadLine = 0;
    while (true) {
      CoderResult cr = dec.decode(in, out, true);
      if (cr.isUnderflow()) {
        break;
      }
      if (cr.isOverflow()) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
        out.flip();
        bigger.put(out);
        out = bigger;
        continue;
      }
      if (bad == 0) {
        firstBadLine = 1;
        for (int i = 0; i < out.position(); i++) {
          if (out.get(i) == '\n') {
            firstBadLine++;
          }
        }
      }
      bad += cr.length();
      in.position(in.position() + cr.length());
      if (!out.hasRemaining()) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
        out.flip();
        bigger.put(out);
        out = bigger;
      }
      out.put('\uFFFD');
    }
    dec.flush(out);
    out.flip();
    if (bad > 0) {
      issues.add(
          "bad-bytes",
          firstBadLine,
          0,
          String.format(
              Locale.ROOT,
              "%d byte%s not valid in %s replaced by U+FFFD",
              bad,
              bad == 1 ? "" : "s",
              cs.name()));
    }
    return out.toString();
  }

  /** The encoding the XML declaration names, UTF-8 when none or an unknown one. */
  private static Charset declaredCharset(byte[] b, int len, IssueCollector issues) {
    String head = new String(b, 0, Math.min(len, 200), StandardCharsets.ISO_8859_1);
    if (!head.startsWith("<?xml")) {
      return StandardCharsets.UTF_8;
    }
    int end = head.indexOf("?>");
    String decl = end > 0 ? head.substring(0, end) : head;
    int at = decl.indexOf("encoding");
    if (at < 0) {
      return StandardCharsets.UTF_8;
    }
    int q = at + "encoding".length();
    while (q < decl.length() && (decl.charAt(q) == ' ' || decl.charAt(q) == '=')) {
      q++;
    }
    if (q >= decl.length() || (decl.charAt(q) != '"' && decl.charAt(q) != '\'')) {
      return StandardCharsets.UTF_8;
    }
    int close = decl.indexOf(decl.charAt(q), q + 1);
    if (close < 0) {
      return StandardCharsets.UTF_8;
    }
    String name = decl.substring(q + 1, close).trim();
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      issues.add(
          "unknown-encoding",
          1,
          0,
          "unknown encoding " + XmlCursor.quote(name) + " in the XML declaration; read as UTF-8");
      return StandardCharsets.UTF_8;
    }
  }
}
