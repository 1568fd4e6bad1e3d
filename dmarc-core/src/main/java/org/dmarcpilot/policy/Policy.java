// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.Locale;

/**
 * A DMARC policy: the {@code p}, {@code sp} and {@code np} tag values.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.7">RFC 9989 §4.7</a>
 */
public enum Policy {
  /** No specific action: monitoring only. */
  NONE,
  /** Treat failing mail as suspicious (for example deliver it to the spam folder). */
  QUARANTINE,
  /** Reject failing mail during the SMTP transaction. */
  REJECT;

  /**
   * The token as written in records and reports: {@code none}, {@code quarantine}, {@code reject}.
   */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy one level lower, as applied in testing mode ({@code t=y}, RFC 9989): reject becomes
   * quarantine, quarantine becomes none.
   */
  public Policy downgraded() {
    return switch (this) {
      case REJECT -> QUARANTINE;
      case QUARANTINE, NONE -> NONE;
    };
  }
}
