// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/**
 * A reporter's DKIM or SPF alignment verdict in {@code policy_evaluated} (XSD {@code
 * DMARCResultType}).
 */
public enum DmarcResultType {
  /** {@code pass}. */
  PASS,
  /** {@code fail}. */
  FAIL;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
