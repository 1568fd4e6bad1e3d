// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DomainNames;
import org.jspecify.annotations.Nullable;

/**
 * Finds the DMARC policy record that applies to an Author Domain, by the RFC 9989 tree walk or, as
 * in RFC 7489, with the public suffix list. The method is chosen at construction and reported with
 * every outcome (RFC 9990 {@code discovery_method}). Immutable and thread-safe.
 *
 * <p>Tree walk (RFC 9989 §4.10.1): the record at the Author Domain if there is one; otherwise the
 * record of the Author Domain's Organizational Domain (§4.10.2); otherwise the record of a Public
 * Suffix Domain ({@code psd=y}) found on the walk. One walk of at most eight queries serves both
 * the policy and the Organizational Domain. When the record is not the Author Domain's own, {@code
 * sp} applies if the Author Domain exists and {@code np} if it is NXDOMAIN.
 *
 * <p>PSL (RFC 7489 §6.6.3): the record at the Author Domain, otherwise the one at its registrable
 * domain.
 *
 * <pre>{@code
 * PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("mail.example.com");
 * o.status();           // FOUND
 * o.policyDomain();     // example.com
 * o.appliedPolicy();    // Optional[REJECT], from sp
 * }</pre>
 */
public final class PolicyDiscovery {
  private final DnsResolver dns;
  private final DiscoveryMethod method;
  private final PublicSuffixList psl;

  /**
   * @param dns the resolver
   * @param method the algorithm
   * @param psl the list used in {@link DiscoveryMethod#PSL} mode (ignored by the tree walk)
   */
  public PolicyDiscovery(DnsResolver dns, DiscoveryMethod method, PublicSuffixList psl) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.method = Objects.requireNonNull(method, "method");
    this.psl = Objects.requireNonNull(psl, "psl");
  }

  /** Discovery by the RFC 9989 tree walk. */
  public static PolicyDiscovery treeWalk(DnsResolver dns) {
    return new PolicyDiscovery(dns, DiscoveryMethod.TREEWALK, PublicSuffixList.guava());
  }

  /** Discovery by the public suffix list, as in RFC 7489. */
  public static PolicyDiscovery psl(DnsResolver dns, PublicSuffixList psl) {
    return new PolicyDiscovery(dns, DiscoveryMethod.PSL, psl);
  }

  /** The algorithm used. */
  public DiscoveryMethod method() {
    return method;
  }

  /** The Organizational Domain discovery of the same method and resolver. */
  public OrgDomainDiscovery orgDomains() {
    return method == DiscoveryMethod.PSL
        ? OrgDomainDiscovery.psl(psl)
        : OrgDomainDiscovery.treeWalk(dns);
  }

  /** Finds the policy for an Author Domain (any case, with or without the trailing dot). */
  public PolicyOutcome discover(String authorDomain) {
    String author = DomainNames.normalize(Objects.requireNonNull(authorDomain, "authorDomain"));
    return method == DiscoveryMethod.PSL ? byPsl(author) : byTreeWalk(author);
  }

  private PolicyOutcome byTreeWalk(String author) {
    List<DmarcLookup> lookups = new ArrayList<>(TreeWalk.walk(dns, author, true));
    OrgDomainOutcome org = TreeWalk.organizationalDomain(author, lookups);
    DmarcLookup own = lookups.get(0);
    if (own.found()) {
      return found(author, own, PolicyScope.DOMAIN, org, lookups);
    }
    if (org.status() == DiscoveryStatus.TEMPFAIL) {
      return notFound(DiscoveryStatus.TEMPFAIL, author, org, lookups);
    }
    String orgDomain = org.organizationalDomain();
    if (!orgDomain.equals(author)) {
      DmarcLookup orgLookup = TreeWalk.lookupOf(lookups, orgDomain);
      if (orgLookup == null) {
        // skipped by the 8-label shortcut or past the stop: ask for it
        orgLookup = DmarcLookup.query(dns, orgDomain);
        lookups.add(orgLookup);
        if (orgLookup.status() == DmarcLookup.Status.TEMPFAIL) {
          return notFound(DiscoveryStatus.TEMPFAIL, author, org, lookups);
        }
      }
      if (orgLookup.found()) {
        return subdomain(author, orgLookup, org, lookups);
      }
    }
    for (DmarcLookup l : lookups) {
      DmarcRecord r = l.record();
      if (r != null && r.psd() == PsdFlag.YES && !l.domain().equals(author)) {
        return subdomain(author, l, org, lookups);
      }
    }
    return notFound(DiscoveryStatus.NOT_FOUND, author, org, lookups);
  }

  private PolicyOutcome byPsl(String author) {
    List<DmarcLookup> lookups = new ArrayList<>();
    String orgDomain = psl.organizationalDomain(author);
    OrgDomainOutcome org =
        new OrgDomainOutcome(
            DiscoveryStatus.FOUND, author, orgDomain, DiscoveryMethod.PSL, List.of());
    DmarcLookup own = DmarcLookup.query(dns, author);
    lookups.add(own);
    if (own.found()) {
      return found(author, own, PolicyScope.DOMAIN, org, lookups);
    }
    if (own.status() == DmarcLookup.Status.TEMPFAIL) {
      return notFound(DiscoveryStatus.TEMPFAIL, author, org, lookups);
    }
    if (!orgDomain.equals(author)) {
      DmarcLookup orgLookup = DmarcLookup.query(dns, orgDomain);
      lookups.add(orgLookup);
      if (orgLookup.found()) {
        return subdomain(author, orgLookup, org, lookups);
      }
      if (orgLookup.status() == DmarcLookup.Status.TEMPFAIL) {
        return notFound(DiscoveryStatus.TEMPFAIL, author, org, lookups);
      }
    }
    return notFound(DiscoveryStatus.NOT_FOUND, author, org, lookups);
  }

  /** A record of an ancestor: sp if the Author Domain exists, np if it is NXDOMAIN. */
  private PolicyOutcome subdomain(
      String author, DmarcLookup at, OrgDomainOutcome org, List<DmarcLookup> lookups) {
    DnsStatus existence = existence(author);
    if (existence == DnsStatus.TEMPFAIL) {
      return notFound(DiscoveryStatus.TEMPFAIL, author, org, lookups);
    }
    PolicyScope scope =
        existence == DnsStatus.NXDOMAIN
            ? PolicyScope.NON_EXISTENT_SUBDOMAIN
            : PolicyScope.SUBDOMAIN;
    return found(author, at, scope, org, lookups);
  }

  /**
   * Whether a name exists (RFC 8020): NXDOMAIN for an A query means it does not; NODATA or data
   * means it does.
   */
  private DnsStatus existence(String domain) {
    DnsAnswer<?> a = dns.a(domain);
    return a.status();
  }

  private PolicyOutcome found(
      String author,
      DmarcLookup at,
      PolicyScope scope,
      OrgDomainOutcome org,
      List<DmarcLookup> lookups) {
    return new PolicyOutcome(
        DiscoveryStatus.FOUND, author, at.expectRecord(), at.domain(), scope, org, method, lookups);
  }

  private PolicyOutcome notFound(
      DiscoveryStatus status, String author, OrgDomainOutcome org, List<DmarcLookup> lookups) {
    return new PolicyOutcome(status, author, null, null, PolicyScope.DOMAIN, org, method, lookups);
  }

  /** The lookup at the Author Domain, when one was made. */
  static @Nullable DmarcLookup ownLookup(PolicyOutcome o) {
    return TreeWalk.lookupOf(o.lookups(), o.authorDomain());
  }
}
