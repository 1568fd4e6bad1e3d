// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.Objects;

/**
 * Whether an authenticated identifier's domain is aligned with the Author Domain.
 *
 * @param status {@link Status#ALIGNED}, {@link Status#NOT_ALIGNED}, or {@link Status#TEMPFAIL} when
 *     an Organizational Domain could not be determined
 * @param mode the alignment mode applied
 * @param authorDomain the Author Domain, normalised
 * @param identifierDomain the identifier's domain (DKIM {@code d=} or SPF MAIL FROM), normalised
 * @param authorOrgDomain the Author Domain's Organizational Domain (the name itself for strict mode
 *     and for the identical-domain shortcut)
 * @param identifierOrgDomain the identifier's Organizational Domain (likewise)
 * @param method how the Organizational Domains were found
 */
public record AlignmentOutcome(
    Status status,
    AlignmentMode mode,
    String authorDomain,
    String identifierDomain,
    String authorOrgDomain,
    String identifierOrgDomain,
    DiscoveryMethod method) {

  /** The three outcomes of an alignment check. */
  public enum Status {
    /** The domains are aligned. */
    ALIGNED,
    /** The domains are not aligned. */
    NOT_ALIGNED,
    /** A DNS query needed for the Organizational Domain failed temporarily. */
    TEMPFAIL
  }

  public AlignmentOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(authorDomain, "authorDomain");
    Objects.requireNonNull(identifierDomain, "identifierDomain");
    Objects.requireNonNull(authorOrgDomain, "authorOrgDomain");
    Objects.requireNonNull(identifierOrgDomain, "identifierOrgDomain");
    Objects.requireNonNull(method, "method");
  }

  /** Whether the status is {@link Status#ALIGNED}. */
  public boolean aligned() {
    return status == Status.ALIGNED;
  }
}
