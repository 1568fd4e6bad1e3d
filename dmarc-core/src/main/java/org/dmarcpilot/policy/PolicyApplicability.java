// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

/**
 * Whether a record's policy can be applied, given the RFC 9989 rule for invalid policy tags: "If
 * the record does not contain a valid p tag, or contains an sp or np tag that is not valid, then if
 * rua holds at least one syntactically valid URI, act as if p=none was retrieved; otherwise apply
 * no DMARC processing."
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.10.1">RFC 9989 §4.10.1</a>
 */
public enum PolicyApplicability {
  /** The policy tags are valid (or absent): apply them. */
  APPLY,
  /** A policy tag is invalid but {@code rua} has a valid URI: act as {@code p=none}. */
  APPLY_AS_NONE,
  /** A policy tag is invalid and there is no valid {@code rua}: no DMARC processing. */
  NOT_APPLICABLE
}
