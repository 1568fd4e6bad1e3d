// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The tag-list grammar shared by DKIM key records and DMARC records, tokenized once. It never
 * throws: tag-specs that break the grammar are reported as {@link Problem}s and left out of {@link
 * #tags()}, so that each caller decides how strict to be (DKIM rejects the record, DMARC discards
 * the tag).
 *
 * <pre>
 * tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
 * tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * tag-name  =  ALPHA *ALNUMPUNC            ; ALNUMPUNC = ALPHA / DIGIT / "_"
 * tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
 * tval      =  1*VALCHAR                   ; VALCHAR = %x21-3A / %x3C-7E
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6376#section-3.2">RFC 6376 §3.2</a>
 */
public final class TagValueList {
  /**
   * One tag as written.
   *
   * @param name the tag name as written (callers fold case if they accept other cases)
   * @param value the value with surrounding whitespace removed; inner whitespace kept
   * @param nameIndex the 0-based index of the name in the text
   * @param valueIndex the 0-based index of the value in the text
   */
  public record Tag(String name, String value, int nameIndex, int valueIndex) {}

  /**
   * A tag-spec that breaks the grammar.
   *
   * @param index the 0-based index in the text
   * @param message what is wrong
   * @param spec the tag-spec text as written
   */
  public record Problem(int index, String message, String spec) {}

  private final List<Tag> tags;
  private final List<Problem> problems;

  private TagValueList(List<Tag> tags, List<Problem> problems) {
    this.tags = List.copyOf(tags);
    this.problems = List.copyOf(problems);
  }

  /** The tags that follow the grammar, in order. */
  public List<Tag> tags() {
    return tags;
  }

  /** The tag-specs that do not, in order. */
  public List<Problem> problems() {
    return problems;
  }

  /** Tokenizes a tag-list. */
  public static TagValueList parse(String text) {
    List<Tag> tags = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int n = text.length();
    int start = 0;
    while (start <= n) {
      int end = text.indexOf(';', start);
      boolean last = end < 0;
      if (last) {
        end = n;
      }
      spec(text, start, end, last, tags, problems);
      start = end + 1;
    }
    return new TagValueList(tags, problems);
  }

  private static void spec(
      String text, int start, int end, boolean last, List<Tag> tags, List<Problem> problems) {
    int s = start;
    int e = end;
    while (s < e && isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (s == e) {
      if (!last) {
        problems.add(new Problem(start, "empty tag-spec (two ';' in a row)", ""));
      }
      return;
    }
    String spec = text.substring(s, e);
    int eq = text.indexOf('=', s);
    if (eq < 0 || eq >= e) {
      problems.add(new Problem(s, "\"" + spec + "\" is not of the form tag=value", spec));
      return;
    }
    int nameEnd = eq;
    while (nameEnd > s && isWhitespace(text.charAt(nameEnd - 1))) {
      nameEnd--;
    }
    String name = text.substring(s, nameEnd);
    if (!isTagName(name)) {
      problems.add(
          new Problem(
              s,
              name.isEmpty()
                  ? "a value without a tag name"
                  : "\"" + name + "\" is not a valid tag name",
              spec));
      return;
    }
    int v = eq + 1;
    while (v < e && isWhitespace(text.charAt(v))) {
      v++;
    }
    String value = text.substring(v, e);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isWhitespace(c) && (c < 0x21 || c > 0x7e)) {
        problems.add(
            new Problem(
                v + i,
                String.format(
                    java.util.Locale.ROOT,
                    "invalid character U+%04X in the value of %s",
                    (int) c,
                    name),
                spec));
        return;
      }
    }
    tags.add(new Tag(name, value, s, v));
  }

  private static boolean isTagName(String name) {
    if (name.isEmpty() || !isAlpha(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Whitespace the grammar allows between tokens: SP, HTAB, CR, LF (folding). */
  public static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
