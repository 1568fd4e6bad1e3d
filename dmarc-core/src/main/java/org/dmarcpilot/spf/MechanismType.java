// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.Locale;
import java.util.Optional;

/**
 * The SPF mechanisms.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7208#section-5">RFC 7208 §5</a>
 */
public enum MechanismType {
  /** {@code all}: always matches. */
  ALL,
  /** {@code include:domain}: matches when the other domain's record passes. */
  INCLUDE,
  /** {@code a[:domain][/cidr]}: the addresses of a name. */
  A,
  /** {@code mx[:domain][/cidr]}: the addresses of a name's mail hosts. */
  MX,
  /** {@code ptr[:domain]}: reverse DNS (discouraged, RFC 7208 §5.5). */
  PTR,
  /** {@code ip4:network[/cidr]}. */
  IP4,
  /** {@code ip6:network[/cidr]}. */
  IP6,
  /** {@code exists:domain}: matches when the name has an A record. */
  EXISTS;

  /**
   * Whether the mechanism costs a DNS lookup against the limit of 10 (RFC 7208 §4.6.4): include, a,
   * mx, ptr, exists (and the redirect modifier).
   */
  public boolean countsAsLookup() {
    return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
  }

  /** The name as written, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<MechanismType> fromToken(String name) {
    for (MechanismType t : values()) {
      if (t.token().equalsIgnoreCase(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
