// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Repairs an aggregate report that is not well-formed XML, in one linear pass over text that is
 * already in memory (at most {@link org.dmarcpilot.report.ReportLimits#repairableXmlBytes()}), so
 * that it can be parsed a second time. Each repair is noted with its position in the original. It
 * repairs what reporters are known to get wrong, and nothing that would need a guess about the
 * document's structure:
 *
 * <ul>
 *   <li>bytes that are not valid in the document's encoding (UTF-8 unless a byte order mark or the
 *       declaration says otherwise) become U+FFFD;
 *   <li>the XML declaration is blanked (the text is decoded already), and noted only when it was
 *       itself broken;
 *   <li>a {@code <} that does not start well-formed markup, and any markup inside an element that
 *       holds only text ({@code <email>}, {@code <header_from>} ...), is escaped, so {@code
 *       <email><bad@example></email>} keeps {@code <bad@example>} as its text;
 *   <li>an {@code &} that does not start one of the five predefined entities or a character
 *       reference is escaped ({@code AT&T}, {@code &nbsp;});
 *   <li>characters XML 1.0 forbids (control characters) become U+FFFD.
 * </ul>
 *
 * <p>Unclosed or mismatched container elements and a missing end of the document are left alone:
 * the second parse then fails and the report is rejected, rather than read with records missing.
 */
final class XmlRepair {
  /** Elements that hold only text (in any parent). */
  private static final Set<String> LEAVES =
      Set.of(
          "version",
          "org_name",
          "email",
          "extra_contact_info",
          "report_id",
          "begin",
          "end",
          "error",
          "generator",
          "domain",
          "adkim",
          "aspf",
          "p",
          "sp",
          "np",
          "pct",
          "fo",
          "testing",
          "discovery_method",
          "source_ip",
          "count",
          "disposition",
          "type",
          "comment",
          "header_from",
          "envelope_from",
          "envelope_to",
          "selector",
          "result",
          "human_result",
          "scope");

  private final String text;
  private final IssueCollector issues;
  private final StringBuilder out;
  private final List<String> open = new ArrayList<>();
  private int line = 1;
  private int lineStart;

  private XmlRepair(String text, IssueCollector issues) {
    this.text = text;
    this.issues = issues;
    this.out = new StringBuilder(text.length() + 64);
  }

  /** Decodes and repairs {@code data[0..length)}; the issues go to {@code issues}. */
  static String repair(byte[] data, int length, IssueCollector issues) {
    String decoded = decode(data, length, issues);
    XmlRepair r = new XmlRepair(decoded, issues);
    r.run();
    return r.out.toString();
  }

  // ---------------------------------------------------------------- decoding

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

  // ---------------------------------------------------------------- markup

  private void run() {
    int i = declaration();
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '<') {
        i = markup(i);
      } else if (c == '&') {
        i = ampersand(i);
      } else {
        if (c == '\n') {
          line++;
          lineStart = i + 1;
        }
        if (!isXmlChar(c, i)) {
          note(
              "bad-char",
              i,
              String.format(
                  Locale.ROOT,
                  "character U+%04X is not allowed in XML; replaced by U+FFFD",
                  (int) c));
          out.append('\uFFFD');
        } else {
          out.append(c);
        }
        i++;
      }
    }
  }

  private boolean isXmlChar(char c, int i) {
    if (c >= 0x20 && c < 0xd800) {
      return true;
    }
    if (c == '\t' || c == '\n' || c == '\r') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return c >= 0xe000 && c <= 0xfffd;
  }

  /** Blanks a leading XML declaration (keeping line breaks); returns where the text goes on. */
  private int declaration() {
    int i = 0;
    if (!text.startsWith("<?xml")) {
      return 0;
    }
    int end = text.indexOf("?>");
    int stop;
    if (end >= 0 && end < 1024 && text.lastIndexOf('<', end) == 0) {
      stop = end + 2;
    } else {
      int gt = text.indexOf('>');
      stop = gt >= 0 && gt < 1024 ? gt + 1 : Math.min(text.length(), 5);
      note("bad-declaration", 0, "a broken XML declaration was removed");
    }
    for (; i < stop; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
        out.append('\n');
      } else {
        out.append(' ');
      }
    }
    return stop;
  }

  private void note(String kind, int at, String message) {
    issues.add(kind, line, at - lineStart + 1, message);
  }

  private boolean inLeaf() {
    int n = open.size();
    if (n == 0) {
      return false;
    }
    String top = local(open.get(n - 1));
    if (LEAVES.contains(top)) {
      return true;
    }
    return (top.equals("dkim") || top.equals("spf"))
        && n >= 2
        && local(open.get(n - 2)).equals("policy_evaluated");
  }

  private static String local(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }

  private int markup(int i) {
    if (text.startsWith("<!--", i)) {
      return passThrough(i, "-->", "comment");
    }
    if (text.startsWith("<![CDATA[", i)) {
      return passThrough(i, "]]>", "CDATA section");
    }
    if (text.startsWith("<?", i)) {
      return passThrough(i, "?>", "processing instruction");
    }
    if (text.startsWith("<!", i)) {
      out.append('<'); // a DOCTYPE: left for the parser to reject
      return i + 1;
    }
    if (text.startsWith("</", i)) {
      int nameEnd = name(i + 2);
      int j = skipSpace(nameEnd);
      if (nameEnd > i + 2 && j < text.length() && text.charAt(j) == '>') {
        String name = text.substring(i + 2, nameEnd);
        int n = open.size();
        if (n > 0 && open.get(n - 1).equals(name)) {
          open.remove(n - 1);
          countLines(i, j + 1);
          out.append(text, i, j + 1);
          return j + 1;
        }
        if (!inLeaf()) {
          countLines(i, j + 1);
          out.append(text, i, j + 1); // a mismatch in the structure: not guessed at
          return j + 1;
        }
      }
      return escapeLt(i);
    }
    return startTag(i);
  }

  private int passThrough(int i, String end, String what) {
    int j = text.indexOf(end, i);
    if (j < 0) {
      note("unterminated:" + what, i, "an unterminated " + what + " was kept as text");
      return escapeLt(i);
    }
    int stop = j + end.length();
    for (int k = i; k < stop; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    out.append(text, i, stop);
    return stop;
  }

  private int escapeLt(int i) {
    note(
        inLeaf() ? "lt-in-text:" + local(open.get(open.size() - 1)) : "stray-lt",
        i,
        inLeaf()
            ? "a '<' inside <" + local(open.get(open.size() - 1)) + "> was read as text"
            : "a '<' that starts no markup was read as text");
    out.append("&lt;");
    return i + 1;
  }

  /** A start tag if it is well-formed (attribute values repaired), else an escaped '<'. */
  private int startTag(int i) {
    int nameEnd = name(i + 1);
    if (nameEnd == i + 1 || inLeaf()) {
      return escapeLt(i);
    }
    StringBuilder tag = new StringBuilder();
    tag.append(text, i, nameEnd);
    int j = nameEnd;
    int n = text.length();
    while (true) {
      int k = skipSpace(j);
      if (k >= n) {
        return escapeLt(i);
      }
      char c = text.charAt(k);
      if (c == '>' || c == '/' && k + 1 < n && text.charAt(k + 1) == '>') {
        tag.append(text, j, c == '>' ? k + 1 : k + 2);
        if (c == '>') {
          open.add(text.substring(i + 1, nameEnd));
        }
        countLines(i, c == '>' ? k + 1 : k + 2);
        out.append(tag);
        return c == '>' ? k + 1 : k + 2;
      }
      if (k == j) {
        return escapeLt(i); // attributes must be separated by white space
      }
      int attrEnd = name(k);
      if (attrEnd == k) {
        return escapeLt(i);
      }
      int eq = skipSpace(attrEnd);
      if (eq >= n || text.charAt(eq) != '=') {
        return escapeLt(i);
      }
      int q = skipSpace(eq + 1);
      if (q >= n || (text.charAt(q) != '"' && text.charAt(q) != '\'')) {
        return escapeLt(i);
      }
      int close = text.indexOf(text.charAt(q), q + 1);
      if (close < 0) {
        return escapeLt(i);
      }
      tag.append(text, j, q + 1);
      for (int v = q + 1; v < close; v++) {
        char vc = text.charAt(v);
        if (vc == '<') {
          tag.append("&lt;");
        } else if (vc == '&' && entityEnd(v) < 0) {
          tag.append("&amp;");
        } else {
          tag.append(vc);
        }
      }
      tag.append(text.charAt(close));
      j = close + 1;
    }
  }

  private void countLines(int from, int to) {
    for (int k = from; k < to; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  }

  private int ampersand(int i) {
    int end = entityEnd(i);
    if (end < 0) {
      note("amp", i, "an '&' that starts no entity reference was read as text");
      out.append("&amp;");
      return i + 1;
    }
    out.append(text, i, end);
    return end;
  }

  /** The end of a well-formed predefined entity or character reference at {@code i}, or -1. */
  private int entityEnd(int i) {
    int semi = text.indexOf(';', i);
    if (semi < 0 || semi - i > 12) {
      return -1;
    }
    String ref = text.substring(i + 1, semi);
    switch (ref) {
      case "lt", "gt", "amp", "quot", "apos" -> {
        return semi + 1;
      }
      default -> {
        // character references below
      }
    }
    try {
      int cp;
      if (ref.startsWith("#x")) {
        cp = Integer.parseInt(ref.substring(2), 16);
      } else if (ref.startsWith("#")) {
        cp = Integer.parseInt(ref.substring(1));
      } else {
        return -1;
      }
      boolean ok =
          cp == 0x9
              || cp == 0xa
              || cp == 0xd
              || cp >= 0x20 && cp <= 0xd7ff
              || cp >= 0xe000 && cp <= 0xfffd
              || cp >= 0x10000 && cp <= 0x10ffff;
      return ok ? semi + 1 : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The end of an XML name starting at {@code i} (i itself when there is none). */
  private int name(int i) {
    int n = text.length();
    if (i >= n || !isNameStart(text.charAt(i))) {
      return i;
    }
    int j = i + 1;
    while (j < n && isNameChar(text.charAt(j))) {
      j++;
    }
    return j;
  }

  private int skipSpace(int i) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c > 0xbf;
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' || c == 0xb7;
  }
}
