// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/**
 * The action a receiver applied to the messages of a record (XSD {@code ActionDispositionType});
 * {@code pass} is RFC 9990's.
 */
public enum DispositionType {
  /** {@code none}. */
  NONE,
  /** {@code quarantine}. */
  QUARANTINE,
  /** {@code reject}. */
  REJECT,
  /** {@code pass}. */
  PASS;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
