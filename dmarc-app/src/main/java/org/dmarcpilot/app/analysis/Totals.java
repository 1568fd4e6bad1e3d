// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * Message totals of one group (a day, a reporter, a domain).
 *
 * @param key the group: an ISO date, a reporter name or a From domain
 * @param messages all messages
 * @param dmarcPass messages passing DMARC (recomputed)
 * @param dkimAligned messages with aligned DKIM
 * @param spfAligned messages with aligned SPF
 * @param byClass messages per source class (every class present)
 * @param disagreeing messages in rows where the reporter's verdict differs from the recomputed one
 */
public record Totals(
    String key,
    long messages,
    long dmarcPass,
    long dkimAligned,
    long spfAligned,
    Map<SourceClass, Long> byClass,
    long disagreeing) {
  public Totals {
    Objects.requireNonNull(key, "key");
    byClass = Map.copyOf(byClass);
  }

  /** The DMARC pass share, 0..1 (0 without messages). */
  public double passShare() {
    return messages == 0 ? 0 : (double) dmarcPass / messages;
  }
}
