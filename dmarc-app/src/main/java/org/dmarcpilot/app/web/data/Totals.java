// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;

/**
 * Sums over domains: what the Overview's cards and {@code /api/v1/domains} both show, computed in
 * one place so they cannot disagree.
 *
 * @param domains number of domains with mail
 * @param messages total messages
 * @param dmarcPass messages that passed DMARC
 * @param dkimAligned messages with aligned DKIM
 * @param spfAligned messages with aligned SPF
 */
public record Totals(
    int domains, long messages, long dmarcPass, long dkimAligned, long spfAligned) {
  /** The sums over the given domains. */
  public static Totals of(List<DomainTraffic> rows) {
    long m = 0;
    long p = 0;
    long d = 0;
    long s = 0;
    for (DomainTraffic r : rows) {
      m = Math.addExact(m, r.messages());
      p = Math.addExact(p, r.dmarcPass());
      d = Math.addExact(d, r.dkimAligned());
      s = Math.addExact(s, r.spfAligned());
    }
    return new Totals(rows.size(), m, p, d, s);
  }

  /** DMARC pass share in percent, one decimal (0 when there is no mail). */
  public double passPercent() {
    return percent(dmarcPass, messages);
  }

  /** A share in percent rounded to one decimal (0 when the whole is 0). */
  public static double percent(long part, long whole) {
    return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
  }
}
