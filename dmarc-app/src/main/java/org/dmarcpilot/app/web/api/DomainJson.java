// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.Totals;
import org.jspecify.annotations.Nullable;

/**
 * One domain's summary over a period.
 *
 * @param domain the policy domain
 * @param messages messages reported
 * @param dmarcPass messages that passed DMARC
 * @param dmarcPassPercent their share, one decimal
 * @param dkimAligned messages with aligned DKIM
 * @param spfAligned messages with aligned SPF
 * @param policy the {@code p=} last published, or null
 * @param daily messages per day, oldest first
 */
public record DomainJson(
    String domain,
    long messages,
    long dmarcPass,
    double dmarcPassPercent,
    long dkimAligned,
    long spfAligned,
    @Nullable String policy,
    List<Long> daily) {
  static DomainJson of(DomainTraffic d) {
    return new DomainJson(
        d.domain(),
        d.messages(),
        d.dmarcPass(),
        Totals.percent(d.dmarcPass(), d.messages()),
        d.dkimAligned(),
        d.spfAligned(),
        d.policy(),
        d.daily());
  }
}
