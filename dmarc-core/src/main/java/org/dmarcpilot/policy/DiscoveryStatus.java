// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * The outcome of a lookup that depends on DNS. "No record" and "could not ask" lead to different
 * DMARC results, so they are different values.
 */
public enum DiscoveryStatus {
  /** A definite answer with a result. */
  FOUND,
  /** A definite answer: there is nothing (for example no DMARC record anywhere). */
  NOT_FOUND,
  /** A query that mattered failed temporarily; try again later. */
  TEMPFAIL
}
