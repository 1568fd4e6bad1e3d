// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/** A DKIM verification result (XSD {@code DKIMResultType}, RFC 8601). */
public enum DkimResultType {
  /** {@code none}. */
  NONE,
  /** {@code pass}. */
  PASS,
  /** {@code fail}. */
  FAIL,
  /** {@code policy}. */
  POLICY,
  /** {@code neutral}. */
  NEUTRAL,
  /** {@code temperror}. */
  TEMPERROR,
  /** {@code permerror}. */
  PERMERROR;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
