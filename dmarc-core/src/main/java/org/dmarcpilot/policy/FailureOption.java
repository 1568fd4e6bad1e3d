// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * The values of the {@code fo} tag: when a failure report is wanted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.7">RFC 9989 §4.7</a>
 */
public enum FailureOption {
  /** {@code 0}, the default: when all mechanisms fail to give an aligned pass. */
  ALL_FAIL("0"),
  /** {@code 1}: when any mechanism fails to give an aligned pass. */
  ANY_FAIL("1"),
  /** {@code d}: when a DKIM signature fails to verify. */
  DKIM("d"),
  /** {@code s}: when SPF fails. */
  SPF("s");

  private final String token;

  FailureOption(String token) {
    this.token = token;
  }

  /** The value as written. */
  public String token() {
    return token;
  }
}
