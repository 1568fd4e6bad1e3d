// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.util.Locale;

/** Byte counts for messages: {@code 256 MiB}, {@code 1.5 KiB}, {@code 17 bytes}. */
public final class Sizes {
  private Sizes() {}

  /** A byte count in binary units, for a person. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%d %s", (long) v, units[u])
        : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
