// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

/**
 * Canonical strings for short, repeated text values: a report of a million rows names the same few
 * domains, selectors and result words over and over. Looking a value up by its characters avoids
 * creating a string for each occurrence (less garbage, and whole reports in memory share them). A
 * fixed table: a value that collides with another replaces it, so memory stays bounded.
 */
final class TextCache {
  /** Longer values are not cached. */
  static final int MAX_LENGTH = 64;

  private static final int SIZE = 4096; // a power of two

  private final String[] table = new String[SIZE];

  /** The string of {@code chars[start..start+length)}, from the cache when it is there. */
  String get(char[] chars, int start, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, start, length);
    }
    int h = 0;
    for (int i = start, end = start + length; i < end; i++) {
      h = 31 * h + chars[i];
    }
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    String s = table[slot];
    if (s != null && s.length() == length && matches(s, chars, start)) {
      return s;
    }
    s = new String(chars, start, length);
    table[slot] = s;
    return s;
  }

  private static boolean matches(String s, char[] chars, int start) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) != chars[start + i]) {
        return false;
      }
    }
    return true;
  }
}
