// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Formatting for the templates: numbers, percentages, times (UTC), sparklines. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  /** A count with thousands separators: 1,234,567. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A number with at most one decimal, without trailing zeros: 98, 0.5. */
  public static String number(double d) {
    String s = String.format(Locale.ROOT, "%.1f", d);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A share as a percentage with one decimal, or an en dash when the whole is 0. */
  public static String percent(long part, long whole) {
    if (whole == 0) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** The share in percent as a number for sorting (0 when the whole is 0). */
  public static String percentValue(long part, long whole) {
    return whole == 0 ? "0" : String.format(Locale.ROOT, "%.4f", 100.0 * part / whole);
  }

  /** A CSS class for a pass share: good (98 % and more), fair (90 % and more), poor. */
  public static String passClass(long part, long whole) {
    if (whole == 0) {
      return "muted";
    }
    double p = 100.0 * part / whole;
    return p >= 98 ? "good" : p >= 90 ? "fair" : "poor";
  }

  /** An instant as "yyyy-MM-dd HH:mm" UTC. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** A period in UTC: "2026-03-11 00:00–23:59" within one day, else both ends in full. */
  public static String period(Instant begin, Instant end) {
    String b = time(begin);
    String e = time(end);
    return b.regionMatches(0, e, 0, 10) ? b + "\u2013" + e.substring(11) : b + " \u2013 " + e;
  }

  /**
   * The points of an SVG polyline drawing the values in a box of the given size (values scaled to
   * the largest; a flat line at the bottom when all are 0).
   */
  public static String sparkline(List<Long> values, int width, int height) {
    if (values.isEmpty()) {
      return "";
    }
    long max = 1;
    for (long v : values) {
      max = Math.max(max, v);
    }
    StringBuilder sb = new StringBuilder();
    int n = values.size();
    for (int i = 0; i < n; i++) {
      double x = n == 1 ? width / 2.0 : (double) i * width / (n - 1);
      double y = height - 1 - (double) values.get(i) * (height - 2) / max;
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return sb.toString();
  }

  /**
   * The filter query for the 30 days up to the day an instant falls on (UTC), for links from a
   * report to the pages of its sources.
   */
  public static String monthUpTo(Instant t) {
    java.time.LocalDate day = java.time.LocalDate.ofInstant(t, ZoneOffset.UTC);
    return "from=" + day.minusDays(29) + "&to=" + day;
  }
}
