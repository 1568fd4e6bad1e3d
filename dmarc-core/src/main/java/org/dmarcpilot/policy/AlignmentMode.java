// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * Identifier alignment mode, the {@code adkim} and {@code aspf} tag values.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.4">RFC 9989 §4.4</a>
 */
public enum AlignmentMode {
  /** {@code r}: the Organizational Domains must be equal (the default). */
  RELAXED("r"),
  /** {@code s}: the domains must be identical. */
  STRICT("s");

  private final String token;

  AlignmentMode(String token) {
    this.token = token;
  }

  /** The tag value as written: {@code r} or {@code s}. */
  public String token() {
    return token;
  }
}
