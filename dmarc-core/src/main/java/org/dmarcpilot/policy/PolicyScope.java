// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * Which policy tag of a record applies to an Author Domain (RFC 9989 §4.10.1).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.10.1">RFC 9989 §4.10.1</a>
 */
public enum PolicyScope {
  /** The record was found at the Author Domain itself: {@code p}. */
  DOMAIN("p"),
  /** The record is the Organizational Domain's or PSD's, the Author Domain exists: {@code sp}. */
  SUBDOMAIN("sp"),
  /**
   * The record is the Organizational Domain's or PSD's, the Author Domain does not exist
   * (NXDOMAIN): {@code np}.
   */
  NON_EXISTENT_SUBDOMAIN("np");

  private final String tag;

  PolicyScope(String tag) {
    this.tag = tag;
  }

  /** The tag that holds the policy for this scope. */
  public String tag() {
    return tag;
  }
}
