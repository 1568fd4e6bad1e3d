// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

/** How sure an identification (or one piece of evidence) is. */
public enum Confidence {
  /** A hint only: a DKIM selector name, an ASN, a PTR name that is not forward-confirmed. */
  LOW,
  /** One good signal that is not cryptographically checked, or a failed DKIM signature. */
  MEDIUM,
  /** A passing DKIM signature or SPF check for the service's domain, or a forward-confirmed PTR. */
  HIGH;

  /** One level up, {@link #HIGH} stays. */
  Confidence raised() {
    return this == LOW ? MEDIUM : HIGH;
  }
}
