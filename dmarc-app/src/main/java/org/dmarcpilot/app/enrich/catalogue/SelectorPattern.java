// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import java.util.Locale;

/** Selector patterns: a literal, or a literal with {@code *} at its start or end. */
final class SelectorPattern {
  private SelectorPattern() {}

  /** Whether the pattern is well-formed: non-empty, at most one {@code *}, only at an end. */
  static boolean isValid(String pattern) {
    if (pattern.isEmpty() || pattern.equals("*")) {
      return false;
    }
    int star = pattern.indexOf('*');
    if (star < 0) {
      return true;
    }
    return pattern.lastIndexOf('*') == star && (star == 0 || star == pattern.length() - 1);
  }

  /** Case-insensitive match of a selector against a pattern. */
  static boolean matches(String pattern, String selector) {
    String s = selector.toLowerCase(Locale.ROOT);
    if (pattern.startsWith("*")) {
      String tail = pattern.substring(1);
      return s.length() > tail.length() && s.endsWith(tail);
    }
    if (pattern.endsWith("*")) {
      String head = pattern.substring(0, pattern.length() - 1);
      return s.length() > head.length() && s.startsWith(head);
    }
    return s.equals(pattern);
  }
}
