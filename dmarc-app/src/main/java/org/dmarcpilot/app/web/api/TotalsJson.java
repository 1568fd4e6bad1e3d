// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import org.dmarcpilot.app.web.data.Totals;

/**
 * Totals over all domains.
 *
 * @param domains domains with mail
 * @param messages messages reported
 * @param dmarcPass messages that passed DMARC
 * @param dmarcPassPercent their share, one decimal
 * @param dkimAligned messages with aligned DKIM
 * @param spfAligned messages with aligned SPF
 */
public record TotalsJson(
    int domains,
    long messages,
    long dmarcPass,
    double dmarcPassPercent,
    long dkimAligned,
    long spfAligned) {
  static TotalsJson of(Totals t) {
    return new TotalsJson(
        t.domains(), t.messages(), t.dmarcPass(), t.passPercent(), t.dkimAligned(), t.spfAligned());
  }
}
