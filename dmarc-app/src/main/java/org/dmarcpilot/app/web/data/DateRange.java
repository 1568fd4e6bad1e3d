// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A period of whole UTC days, both ends included: the date-range filter of every page and API call.
 *
 * @param from the first day
 * @param to the last day (not before {@code from})
 */
public record DateRange(LocalDate from, LocalDate to) {
  /** The longest range a request may ask for: {@value} days. */
  public static final int MAX_DAYS = 3660;

  /** Checks the order and the length. */
  public DateRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range ends (" + to + ") before it starts (" + from + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new IllegalArgumentException("range longer than " + MAX_DAYS + " days");
    }
  }

  /** The last {@code days} days up to and including today (UTC). */
  public static DateRange lastDays(int days, Clock clock) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be 1 to " + MAX_DAYS + ": " + days);
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return new DateRange(today.minusDays(days - 1L), today);
  }

  /** The number of days in the range. */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The first instant of the range. */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the range. */
  public Instant endExclusive() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
