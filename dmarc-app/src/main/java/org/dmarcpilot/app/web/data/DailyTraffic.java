// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One day of a domain's mail.
 *
 * @param day the UTC day
 * @param messages total messages
 * @param dmarcPass messages that passed DMARC
 * @param dkimAligned messages with an aligned DKIM pass
 * @param spfAligned messages with an aligned SPF pass
 * @param byClass messages per source class (aligned, not aligned, forwarded, spoofing, unknown)
 */
public record DailyTraffic(
    LocalDate day,
    long messages,
    long dmarcPass,
    long dkimAligned,
    long spfAligned,
    Map<String, Long> byClass) {
  /** Checks and copies. */
  public DailyTraffic {
    Objects.requireNonNull(day, "day");
    byClass = Map.copyOf(byClass);
  }
}
