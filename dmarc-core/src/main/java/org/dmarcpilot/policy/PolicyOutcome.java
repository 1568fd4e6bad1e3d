// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The DMARC policy that applies to an Author Domain, and how it was found.
 *
 * @param status {@link DiscoveryStatus#FOUND} with a record, {@link DiscoveryStatus#NOT_FOUND} when
 *     there is definitely no record (DMARC does not apply), {@link DiscoveryStatus#TEMPFAIL} when a
 *     query that mattered failed
 * @param authorDomain the domain asked about, normalised
 * @param record the policy record when found, otherwise null
 * @param policyDomain where the record was found (the Author Domain, its Organizational Domain or a
 *     Public Suffix Domain), or null
 * @param scope which policy tag applies: {@code p} at the Author Domain, {@code sp} for an existing
 *     subdomain, {@code np} for a non-existent one (NXDOMAIN)
 * @param orgDomain the Organizational Domain of the Author Domain, found by the same method
 * @param method the algorithm used
 * @param lookups every {@code _dmarc} query made, in order (for evidence and reports)
 */
public record PolicyOutcome(
    DiscoveryStatus status,
    String authorDomain,
    @Nullable DmarcRecord record,
    @Nullable String policyDomain,
    PolicyScope scope,
    OrgDomainOutcome orgDomain,
    DiscoveryMethod method,
    List<DmarcLookup> lookups) {
  public PolicyOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(authorDomain, "authorDomain");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(orgDomain, "orgDomain");
    Objects.requireNonNull(method, "method");
    lookups = List.copyOf(lookups);
    if ((status == DiscoveryStatus.FOUND) != (record != null && policyDomain != null)) {
      throw new IllegalArgumentException("record and policy domain go with FOUND and only with it");
    }
  }

  /** The Organizational Domain (the Author Domain itself when nothing decided it). */
  public String organizationalDomain() {
    return orgDomain.organizationalDomain();
  }

  /** The policy requested for the Author Domain; empty unless found and applicable. */
  public Optional<Policy> requestedPolicy() {
    return record == null ? Optional.empty() : record.requestedPolicy(scope);
  }

  /**
   * The policy to apply: {@link #requestedPolicy} one level lower in testing mode ({@code t=y});
   * empty unless found and applicable.
   */
  public Optional<Policy> appliedPolicy() {
    return record == null ? Optional.empty() : record.appliedPolicy(scope);
  }

  /** The names queried ({@code _dmarc.<name>}), in order. */
  public List<String> queriedNames() {
    return lookups.stream().map(l -> DmarcLookup.queryName(l.domain())).toList();
  }
}
