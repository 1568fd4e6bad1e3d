// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One policy domain's mail over a period, as the reports tell it.
 *
 * @param domain the policy domain
 * @param messages total messages reported
 * @param dmarcPass messages that passed DMARC
 * @param dkimAligned messages with an aligned DKIM pass
 * @param spfAligned messages with an aligned SPF pass
 * @param policy the {@code p=} most recently published, or null when unknown
 * @param daily messages per day over the period, oldest first (one entry per day)
 */
public record DomainTraffic(
    String domain,
    long messages,
    long dmarcPass,
    long dkimAligned,
    long spfAligned,
    @Nullable String policy,
    List<Long> daily) {
  /** Checks and copies. */
  public DomainTraffic {
    Objects.requireNonNull(domain, "domain");
    daily = List.copyOf(daily);
  }

  /** DMARC pass share in percent (0 when there is no mail). */
  public double passPercent() {
    return messages == 0 ? 0 : 100.0 * dmarcPass / messages;
  }
}
