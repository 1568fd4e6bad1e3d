// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks macro-strings and domain-specs against the grammar of RFC 7208 §7.1 and §12. Returns the
 * problem, or null when the text is valid; the parser turns a problem into a {@link
 * org.dmarcpilot.dns.RecordSyntaxException}.
 *
 * <pre>
 * domain-spec      = macro-string domain-end
 * domain-end       = ( "." toplabel [ "." ] ) / macro-expand
 * toplabel         = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
 * macro-string     = *( macro-expand / macro-literal )
 * macro-expand     = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
 * macro-literal    = %x21-24 / %x26-7E
 * macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
 * transformers     = *DIGIT [ "r" ]
 * delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="
 * </pre>
 */
final class SpfMacros {
  private static final String DELIMITERS = ".-+,/_=";

  private SpfMacros() {}

  /** A problem at a position in the checked text. */
  record Problem(int offset, String message) {}

  /**
   * Checks a macro-string.
   *
   * @param explanation whether the string is the text of an explanation ({@code c}, {@code r},
   *     {@code t} are allowed only there)
   */
  static @Nullable Problem checkMacroString(String s, boolean explanation) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != '%') {
        if (c < 0x21 || c > 0x7e) {
          return new Problem(
              i,
              String.format(
                  Locale.ROOT, "character U+%04X is not allowed in a macro-string", (int) c));
        }
        i++;
        continue;
      }
      if (i + 1 >= n) {
        return new Problem(i, "a '%' must start a macro (%{...}, %%, %_ or %-)");
      }
      char next = s.charAt(i + 1);
      if (next == '%' || next == '_' || next == '-') {
        i += 2;
        continue;
      }
      if (next != '{') {
        return new Problem(i, "invalid macro \"%" + next + "\"; write %% for a literal '%'");
      }
      int close = s.indexOf('}', i + 2);
      if (close < 0) {
        return new Problem(i, "unterminated macro, '}' missing");
      }
      Problem p = checkExpand(s.substring(i + 2, close), explanation);
      if (p != null) {
        return new Problem(i, p.message());
      }
      i = close + 1;
    }
    return null;
  }

  private static @Nullable Problem checkExpand(String body, boolean explanation) {
    if (body.isEmpty()) {
      return new Problem(0, "empty macro %{}");
    }
    char letter = Character.toLowerCase(body.charAt(0));
    if ("slodiphcrtv".indexOf(letter) < 0) {
      return new Problem(0, "unknown macro letter '" + body.charAt(0) + "'");
    }
    if (!explanation && "crt".indexOf(letter) >= 0) {
      return new Problem(
          0, "macro letter '" + letter + "' is only allowed in an explanation (exp)");
    }
    int j = 1;
    int digitsStart = j;
    while (j < body.length() && Character.isDigit(body.charAt(j))) {
      j++;
    }
    if (j > digitsStart) {
      String digits = body.substring(digitsStart, j);
      if (digits.length() > 3 || Integer.parseInt(digits) == 0 || Integer.parseInt(digits) > 128) {
        return new Problem(0, "macro transformer " + digits + " must be 1 to 128");
      }
    }
    if (j < body.length() && Character.toLowerCase(body.charAt(j)) == 'r') {
      j++;
    }
    while (j < body.length()) {
      if (DELIMITERS.indexOf(body.charAt(j)) < 0) {
        return new Problem(0, "invalid macro delimiter '" + body.charAt(j) + "'");
      }
      j++;
    }
    return null;
  }

  /** Checks a domain-spec: a valid macro-string that ends in a top label or a macro. */
  static @Nullable Problem checkDomainSpec(String s) {
    if (s.isEmpty()) {
      return new Problem(0, "empty domain");
    }
    Problem p = checkMacroString(s, false);
    if (p != null) {
      return p;
    }
    if (s.endsWith("}") || endsWithShortMacro(s)) {
      return null;
    }
    String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    int dot = t.lastIndexOf('.');
    if (dot < 0) {
      return new Problem(0, "\"" + s + "\" does not end in a top-level label (a name needs a dot)");
    }
    String top = t.substring(dot + 1);
    if (!isTopLabel(top)) {
      return new Problem(
          dot + 1, "\"" + top + "\" is not a valid top-level label (not all digits, LDH)");
    }
    return null;
  }

  private static boolean endsWithShortMacro(String s) {
    // "%%", "%_", "%-" at the end, when the '%' is not itself escaped
    if (s.length() < 2 || s.charAt(s.length() - 2) != '%') {
      return false;
    }
    int percents = 0;
    for (int i = s.length() - 2; i >= 0 && s.charAt(i) == '%'; i--) {
      percents++;
    }
    return percents % 2 == 1 && "%_-".indexOf(s.charAt(s.length() - 1)) >= 0;
  }

  private static boolean isTopLabel(String l) {
    if (l.isEmpty() || l.length() > 63 || l.startsWith("-") || l.endsWith("-")) {
      return false;
    }
    boolean letter = false;
    boolean hyphen = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        letter = true;
      } else if (c == '-') {
        hyphen = true;
      } else if (!(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return letter || hyphen;
  }
}
