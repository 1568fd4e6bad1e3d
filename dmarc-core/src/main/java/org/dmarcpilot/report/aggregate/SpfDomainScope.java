// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/**
 * The identity an SPF result is about (XSD {@code SPFDomainScope}); RFC 9990 keeps only {@code
 * mfrom}.
 */
public enum SpfDomainScope {
  /** {@code helo}. */
  HELO,
  /** {@code mfrom}. */
  MFROM;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
