// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rejections counted by kind of problem, for an ingest's summary. A problem's kind is its text
 * without what differs from input to input (the first bytes of a file that is not a report, quoted
 * names, a message's list of parts, the name of a wrong root element), so that a folder of junk
 * gives one line, not one per file. The kinds are bounded: past {@link #MAX_KINDS} a new kind
 * counts as {@link #OTHER}, so hostile input cannot grow the table. Used by the writer thread only.
 */
public final class ProblemKinds {
  /** The most kinds kept apart: {@value}. */
  static final int MAX_KINDS = 200;

  /** The kind every problem past {@link #MAX_KINDS} counts as. */
  static final String OTHER = "other problems (each is in the failure log)";

  /** The longest kind, in characters: {@value}. */
  static final int MAX_LENGTH = 200;

  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
  private static final Pattern ROOT = Pattern.compile("the root element is <[^>]*>");

  private final Map<String, long[]> counts = new LinkedHashMap<>();

  /** Counts one rejection with this problem. */
  void add(String problem) {
    String kind = kind(problem);
    long[] n = counts.get(kind);
    if (n == null) {
      if (counts.size() >= MAX_KINDS) {
        kind = OTHER;
        n = counts.get(OTHER);
      }
      if (n == null) {
        n = new long[1];
        counts.put(kind, n);
      }
    }
    n[0]++;
  }

  /** The counts by kind. */
  Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, v[0]));
    return out;
  }

  /** The reason without the input's name, for a rejection that names no problem of its own. */
  public static String reasonKey(String reason, String inputName) {
    String r = reason.replace(inputName, "").trim();
    while (r.startsWith(":") || r.startsWith(",")) {
      r = r.substring(1).trim();
    }
    return r;
  }

  /** The kind of a problem: its text without the parts that name or quote the input. */
  static String kind(String problem) {
    String k = problem;
    k = cut(k, "; it begins with ");
    k = cut(k, " (it begins with ");
    k = dropParenthesis(k, " (its parts: ");
    k = QUOTED.matcher(k).replaceAll("\"\u2026\"");
    k = ROOT.matcher(k).replaceAll("the root element is <\u2026>");
    k = k.strip();
    while (k.startsWith(":") || k.startsWith(",")) {
      k = k.substring(1).strip();
    }
    if (k.length() > MAX_LENGTH) {
      k = k.substring(0, MAX_LENGTH) + "\u2026";
    }
    return k.isEmpty() ? "rejected (no reason given)" : k;
  }

  /** The text before {@code marker}, or all of it. */
  private static String cut(String s, String marker) {
    int at = s.indexOf(marker);
    return at < 0 ? s : s.substring(0, at);
  }

  /** Removes the parenthesis that begins with {@code opening}, nested ones included. */
  private static String dropParenthesis(String s, String opening) {
    int at = s.indexOf(opening);
    if (at < 0) {
      return s;
    }
    int depth = 0;
    for (int i = at + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return s.substring(0, at) + s.substring(i + 1);
      }
    }
    return s.substring(0, at); // never closed: drop the rest
  }
}
