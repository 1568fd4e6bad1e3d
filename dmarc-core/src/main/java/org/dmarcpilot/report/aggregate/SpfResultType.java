// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/** An SPF result (XSD {@code SPFResultType}, RFC 7208 §2.6). */
public enum SpfResultType {
  /** {@code none}. */
  NONE,
  /** {@code neutral}. */
  NEUTRAL,
  /** {@code pass}. */
  PASS,
  /** {@code fail}. */
  FAIL,
  /** {@code softfail}. */
  SOFTFAIL,
  /** {@code policy} (RFC 9990, RFC 8601 §2.7.2). */
  POLICY,
  /** {@code temperror}. */
  TEMPERROR,
  /** {@code permerror}. */
  PERMERROR;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
