// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.util.Locale;

/** Byte sizes on the command line: {@code 1000}, {@code 64k}, {@code 512m}, {@code 1g}. */
final class Sizes {
  private Sizes() {}

  static long parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    char last = t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> mult = 1L << 10;
      case 'm' -> mult = 1L << 20;
      case 'g' -> mult = 1L << 30;
      default -> {
        return Long.parseLong(t);
      }
    }
    return Long.parseLong(t.substring(0, t.length() - 1)) * mult;
  }
}
