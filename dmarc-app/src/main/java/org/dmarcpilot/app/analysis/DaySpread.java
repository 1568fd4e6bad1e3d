// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads a count over the UTC days of a report period in proportion to the seconds of each day the
 * period covers, by the largest-remainder method so that the parts add up exactly. A period of zero
 * length (begin = end) puts everything on the day of begin. Periods are capped at {@value
 * #MAX_DAYS} days (a reporter's error must not make a loop run for years): a longer period is
 * spread over its first {@value #MAX_DAYS} days.
 */
public final class DaySpread {
  /** The longest period spread, in days. */
  public static final int MAX_DAYS = 366;

  private DaySpread() {}

  /** The count per day, days in order; the values add up to {@code count}. */
  public static Map<LocalDate, Long> spread(Instant begin, Instant end, long count) {
    Map<LocalDate, Long> out = new LinkedHashMap<>();
    LocalDate first = LocalDate.ofInstant(begin, ZoneOffset.UTC);
    if (!end.isAfter(begin) || count == 0) {
      out.put(first, count);
      return out;
    }
    Instant cap = begin.plus(Duration.ofDays(MAX_DAYS));
    Instant stop = end.isAfter(cap) ? cap : end;
    List<LocalDate> days = new ArrayList<>();
    List<Long> seconds = new ArrayList<>();
    long total = 0;
    for (LocalDate d = first; ; d = d.plusDays(1)) {
      Instant dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      if (!dayStart.isBefore(stop)) {
        break;
      }
      Instant dayEnd = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant a = begin.isAfter(dayStart) ? begin : dayStart;
      Instant b = stop.isBefore(dayEnd) ? stop : dayEnd;
      long s = Duration.between(a, b).getSeconds();
      if (s > 0) {
        days.add(d);
        seconds.add(s);
        total += s;
      }
    }
    if (days.isEmpty()) {
      out.put(first, count);
      return out;
    }
    BigInteger big = BigInteger.valueOf(count);
    BigInteger tot = BigInteger.valueOf(total);
    long[] parts = new long[days.size()];
    long[] remainders = new long[days.size()];
    long given = 0;
    for (int i = 0; i < parts.length; i++) {
      BigInteger[] qr = big.multiply(BigInteger.valueOf(seconds.get(i))).divideAndRemainder(tot);
      parts[i] = qr[0].longValueExact();
      remainders[i] = qr[1].longValueExact();
      given += parts[i];
    }
    long left = count - given;
    while (left > 0) {
      int best = 0;
      for (int i = 1; i < parts.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      parts[best]++;
      remainders[best] = -1;
      left--;
    }
    for (int i = 0; i < parts.length; i++) {
      out.put(days.get(i), parts[i]);
    }
    return out;
  }
}
