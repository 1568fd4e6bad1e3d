// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A domain's days: the data of the Domain page's charts.
 *
 * @param domain the policy domain
 * @param range the period
 * @param days one entry per day, oldest first
 */
public record SeriesJson(String domain, RangeJson range, List<Day> days) {
  /**
   * One day.
   *
   * @param day the UTC day
   * @param messages messages
   * @param dmarcPass messages that passed DMARC
   * @param dkimAligned messages with aligned DKIM
   * @param spfAligned messages with aligned SPF
   * @param byClass messages per source class
   */
  public record Day(
      LocalDate day,
      long messages,
      long dmarcPass,
      long dkimAligned,
      long spfAligned,
      Map<String, Long> byClass) {}
}
