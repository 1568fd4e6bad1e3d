// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * How the Organizational Domain and the policy record were found. RFC 9990 reports carry it as
 * {@code discovery_method}.
 */
public enum DiscoveryMethod {
  /** The Public Suffix List, as in RFC 7489. */
  PSL("psl"),
  /** The DNS tree walk of RFC 9989 §4.10. */
  TREEWALK("treewalk");

  private final String token;

  DiscoveryMethod(String token) {
    this.token = token;
  }

  /** The value as written in reports: {@code psl} or {@code treewalk}. */
  public String token() {
    return token;
  }
}
