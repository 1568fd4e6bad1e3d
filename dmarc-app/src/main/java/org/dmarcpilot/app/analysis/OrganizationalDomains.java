// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dmarcpilot.policy.DiscoveryStatus;
import org.dmarcpilot.policy.OrgDomainDiscovery;
import org.dmarcpilot.policy.OrgDomainOutcome;
import org.dmarcpilot.policy.PublicSuffixList;

/**
 * The Organizational Domain function the analysis uses: an {@link OrgDomainDiscovery} (the RFC 9989
 * tree walk, or the PSL) with answers remembered per name, falling back to the public suffix list
 * when the walk could not ask (TEMPFAIL), so that a DNS hiccup does not make aligned mail look
 * unaligned. At most {@value #MAX_CACHED} names are remembered. Thread-safe.
 */
public final class OrganizationalDomains implements Function<String, String> {
  /** How many names are remembered. */
  public static final int MAX_CACHED = 100_000;

  private final OrgDomainDiscovery discovery;
  private final PublicSuffixList fallback;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /** The function over a discovery, with a PSL fallback for temporary failures. */
  public OrganizationalDomains(OrgDomainDiscovery discovery, PublicSuffixList fallback) {
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public String apply(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    String hit = cache.get(d);
    if (hit != null) {
      return hit;
    }
    OrgDomainOutcome outcome = discovery.find(d);
    if (outcome.status() == DiscoveryStatus.TEMPFAIL) {
      return fallback.organizationalDomain(d);
    }
    String org = outcome.organizationalDomain();
    if (cache.size() < MAX_CACHED) {
      cache.put(d, org);
    }
    return org;
  }
}
