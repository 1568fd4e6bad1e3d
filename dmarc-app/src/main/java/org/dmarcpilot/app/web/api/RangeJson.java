// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.time.LocalDate;
import org.dmarcpilot.app.web.data.DateRange;

/**
 * A date range in an answer.
 *
 * @param from first day (UTC)
 * @param to last day (UTC), included
 */
public record RangeJson(LocalDate from, LocalDate to) {
  static RangeJson of(DateRange r) {
    return new RangeJson(r.from(), r.to());
  }
}
