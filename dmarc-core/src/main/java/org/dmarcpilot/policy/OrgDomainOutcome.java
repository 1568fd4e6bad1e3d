// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.List;
import java.util.Objects;

/**
 * The Organizational Domain of a name and how it was found.
 *
 * @param status {@link DiscoveryStatus#FOUND} when a record or the public suffix list decided it,
 *     {@link DiscoveryStatus#NOT_FOUND} when the tree walk found no record (the name is then its
 *     own Organizational Domain), {@link DiscoveryStatus#TEMPFAIL} when a query of the walk failed
 * @param domain the name asked about
 * @param organizationalDomain the Organizational Domain (the name itself when nothing decided it)
 * @param method the algorithm used
 * @param lookups the {@code _dmarc} queries made, in order (empty in PSL mode)
 */
public record OrgDomainOutcome(
    DiscoveryStatus status,
    String domain,
    String organizationalDomain,
    DiscoveryMethod method,
    List<DmarcLookup> lookups) {
  public OrgDomainOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(organizationalDomain, "organizationalDomain");
    Objects.requireNonNull(method, "method");
    lookups = List.copyOf(lookups);
  }

  /** The names queried ({@code _dmarc.<name>}), in order. */
  public List<String> queriedNames() {
    return lookups.stream().map(l -> DmarcLookup.queryName(l.domain())).toList();
  }
}
