// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.io.Reader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Repairs an aggregate report that is not well-formed XML, in one linear pass over text that is
 * already in memory (at most {@link org.dmarcpilot.report.ReportLimits#repairableXmlBytes()}), so
 * that it can be parsed a second time. It is a {@link Reader} the parser pulls the repaired text
 * from, so the repaired text is never held whole. Each repair is noted with its position in the
 * original. It repairs what reporters are known to get wrong, and nothing that would need a guess
 * about the document's structure:
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
final class XmlRepair extends Reader {
  /** The longest start tag looked for. */
  private static final int MAX_TAG = 4096;

  private final String text;
  private final IssueCollector issues;
  private final StringBuilder out;
  // the open elements, as positions in the text and a code (a leaf index or one of the constants)
  private int[] openStart = new int[32];
  private int[] openEnd = new int[32];
  private int[] openCode = new int[32];
  private int depth;
  private final Map<String, Integer> noEnd = new HashMap<>();
  private int line = 1;
  private int lineStart;

  private int pos;
  private boolean started;
  private int outPos;

  private XmlRepair(String text, IssueCollector issues) {
    this.text = text;
    this.issues = issues;
    this.out = new StringBuilder(8192);
  }

  /**
   * The repaired text of {@code data[0..length)}, to be read once; the issues go to {@code issues}
   * as the text is read.
   */
  static Reader reader(byte[] data, int length, IssueCollector issues) {
    return new XmlRepair(XmlDecoding.decode(data, length, issues), issues);
  }

  /** The whole repaired text (for tests). */
  static String repair(byte[] data, int length, IssueCollector issues) {
    StringBuilder all = new StringBuilder();
    char[] buf = new char[4096];
    XmlRepair r = new XmlRepair(XmlDecoding.decode(data, length, issues), issues);
    for (int n; (n = r.read(buf, 0, buf.length)) >= 0; ) {
      all.append(buf, 0, n);
    }
    return all.toString();
  }

  @Override
  public int read(char[] cbuf, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (outPos == out.length()) {
      out.setLength(0);
      outPos = 0;
    }
    if (!started) {
      started = true;
      pos = declaration();
    }
    while (out.length() - outPos < len && pos < text.length()) {
      pos = step(pos);
    }
    int available = out.length() - outPos;
    if (available == 0) {
      return -1;
    }
    int n = Math.min(len, available);
    out.getChars(outPos, outPos + n, cbuf, off);
    outPos += n;
    return n;
  }

  @Override
  public void close() {
    // nothing to release
  }

  // ---------------------------------------------------------------- markup

  /** Repairs one token (a character, an entity reference, markup) at {@code i}. */
  private int step(int i) {
    char c = text.charAt(i);
    if (c == '<') {
      return markup(i);
    }
    if (c == '&') {
      return ampersand(i);
    }
    if (c == '\n') {
      line++;
      lineStart = i + 1;
    }
    if (!isXmlChar(c, i)) {
      if (!issues.counted("bad-char")) {
        note(
            "bad-char",
            i,
            String.format(
                Locale.ROOT,
                "character U+%04X is not allowed in XML; replaced by U+FFFD",
                (int) c));
      }
      out.append('\uFFFD');
    } else {
      out.append(c);
    }
    return i + 1;
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
    if (depth == 0) {
      return false;
    }
    int top = openCode[depth - 1];
    if (top >= 0 && top < ReportElements.LEAVES.length) {
      return true;
    }
    return (top == ReportElements.DKIM || top == ReportElements.SPF)
        && depth >= 2
        && openCode[depth - 2] == ReportElements.POLICY_EVALUATED;
  }

  private void push(int start, int end) {
    if (depth == openStart.length) {
      openStart = Arrays.copyOf(openStart, depth * 2);
      openEnd = Arrays.copyOf(openEnd, depth * 2);
      openCode = Arrays.copyOf(openCode, depth * 2);
    }
    openStart[depth] = start;
    openEnd[depth] = end;
    openCode[depth] = ReportElements.code(text, start, end);
    depth++;
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
      if (nameEnd > i + 2 && (j >= text.length() || text.charAt(j) != '>') && !inLeaf()) {
        return escapeRegion(i, Math.min(j, text.length()));
      }
      if (nameEnd > i + 2 && j < text.length() && text.charAt(j) == '>') {
        int length = nameEnd - i - 2;
        if (depth > 0
            && openEnd[depth - 1] - openStart[depth - 1] == length
            && text.regionMatches(openStart[depth - 1], text, i + 2, length)) {
          depth--;
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
    // a search that failed from an earlier position fails from here too: no quadratic rescans
    Integer failedFrom = noEnd.get(end);
    int j = failedFrom != null && failedFrom <= i ? -1 : text.indexOf(end, i);
    if (j < 0) {
      noEnd.put(end, i);
      if (!issues.counted("unterminated:" + what)) {
        note("unterminated:" + what, i, "an unterminated " + what + " was kept as text");
      }
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
    if (inLeaf()) {
      int top = openCode[depth - 1];
      String kind =
          top == ReportElements.DKIM
              ? "lt-in-text:dkim"
              : top == ReportElements.SPF ? "lt-in-text:spf" : ReportElements.LEAF_KINDS[top];
      if (!issues.counted(kind)) {
        String element = kind.substring("lt-in-text:".length());
        note(kind, i, "a '<' inside <" + element + "> was read as text");
      }
    } else if (!issues.counted("stray-lt")) {
      note("stray-lt", i, "a '<' that starts no markup was read as text");
    }
    out.append("&lt;");
    return i + 1;
  }

  /**
   * A start tag if it is well-formed (attribute values repaired); otherwise everything up to where
   * it stopped looking like one is text. A tag is looked for in the next {@value #MAX_TAG}
   * characters only, and the text of a failed tag is not looked at again, so the repair is linear
   * in the input however many '<' it holds.
   */
  private int startTag(int i) {
    int nameEnd = name(i + 1);
    if (nameEnd == i + 1 || inLeaf()) {
      return escapeLt(i);
    }
    int mark = out.length();
    StringBuilder tag = out; // written in place, taken back if it is no tag
    tag.append(text, i, nameEnd);
    int j = nameEnd;
    int n = Math.min(text.length(), i + MAX_TAG);
    while (true) {
      int k = skipSpace(j);
      if (k >= n) {
        return escapeRegion(i, n, mark);
      }
      char c = text.charAt(k);
      if (c == '>' || c == '/' && k + 1 < n && text.charAt(k + 1) == '>') {
        tag.append(text, j, c == '>' ? k + 1 : k + 2);
        if (c == '>') {
          push(i + 1, nameEnd);
        }
        countLines(i, c == '>' ? k + 1 : k + 2);
        return c == '>' ? k + 1 : k + 2;
      }
      int attrEnd = k == j ? k : name(k); // attributes must be separated by white space
      if (attrEnd == k) {
        return escapeRegion(i, k, mark);
      }
      int eq = skipSpace(attrEnd);
      if (eq >= n || text.charAt(eq) != '=') {
        return escapeRegion(i, Math.min(eq, n), mark);
      }
      int q = skipSpace(eq + 1);
      if (q >= n || (text.charAt(q) != '"' && text.charAt(q) != '\'')) {
        return escapeRegion(i, Math.min(q, n), mark);
      }
      int close = -1;
      for (int v = q + 1; v < n; v++) {
        if (text.charAt(v) == text.charAt(q)) {
          close = v;
          break;
        }
      }
      if (close < 0) {
        return escapeRegion(i, n, mark);
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

  /** The '<' at {@code i} and the text up to {@code end} become text, markup escaped. */
  private int escapeRegion(int i, int end) {
    return escapeRegion(i, end, out.length());
  }

  private int escapeRegion(int i, int end, int mark) {
    out.setLength(mark);
    escapeLt(i);
    for (int k = i + 1; k < end; k++) {
      char c = text.charAt(k);
      if (c == '<') {
        out.append("&lt;");
      } else if (c == '&') {
        int e = entityEnd(k);
        if (e < 0 || e > end) {
          out.append("&amp;");
        } else {
          out.append(text, k, e);
          k = e - 1;
        }
      } else {
        if (c == '\n') {
          line++;
          lineStart = k + 1;
        }
        out.append(isXmlChar(c, k) ? c : '\uFFFD');
      }
    }
    return end;
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
      if (!issues.counted("amp")) {
        note("amp", i, "an '&' that starts no entity reference was read as text");
      }
      out.append("&amp;");
      return i + 1;
    }
    out.append(text, i, end);
    return end;
  }

  /** The end of a well-formed predefined entity or character reference at {@code i}, or -1. */
  private int entityEnd(int i) {
    int semi = -1;
    for (int k = i + 1, end = Math.min(text.length(), i + 13); k < end; k++) {
      if (text.charAt(k) == ';') {
        semi = k;
        break;
      }
    }
    if (semi < 0) {
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
    int n = Math.min(text.length(), i + MAX_TAG);
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
