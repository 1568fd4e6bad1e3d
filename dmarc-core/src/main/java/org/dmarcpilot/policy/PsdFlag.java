// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * The {@code psd} tag of RFC 9989: whether the record's domain is a Public Suffix Domain.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.7">RFC 9989 §4.7</a>
 */
public enum PsdFlag {
  /** {@code psd=y}: a Public Suffix Domain; its Organizational Domains are one label below. */
  YES("y"),
  /** {@code psd=n}: an Organizational Domain; the tree walk stops here. */
  NO("n"),
  /** {@code psd=u}, the default: not said. */
  UNKNOWN("u");

  private final String token;

  PsdFlag(String token) {
    this.token = token;
  }

  /** The tag value as written. */
  public String token() {
    return token;
  }
}
