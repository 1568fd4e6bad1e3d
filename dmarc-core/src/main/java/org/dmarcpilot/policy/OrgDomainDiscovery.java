// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DomainNames;

/**
 * Finds the Organizational Domain of a name, for relaxed alignment: by the RFC 9989 DNS tree walk
 * ({@link #treeWalk}) or by the public suffix list as in RFC 7489 ({@link #psl}). Implementations
 * are immutable and thread-safe.
 *
 * <pre>{@code
 * OrgDomainDiscovery orgs = OrgDomainDiscovery.treeWalk(dns);
 * orgs.find("a.mail.example.com").organizationalDomain();   // example.com, given records there
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.10.2">RFC 9989 §4.10.2</a>
 */
public interface OrgDomainDiscovery {

  /** The Organizational Domain of a name (any case, with or without the trailing dot). */
  OrgDomainOutcome find(String domain);

  /** The algorithm this discovery uses. */
  DiscoveryMethod method();

  /** The RFC 9989 tree walk over {@code _dmarc} records. */
  static OrgDomainDiscovery treeWalk(DnsResolver dns) {
    Objects.requireNonNull(dns, "dns");
    return new OrgDomainDiscovery() {
      @Override
      public OrgDomainOutcome find(String domain) {
        String d = DomainNames.normalize(domain);
        return TreeWalk.organizationalDomain(d, TreeWalk.walk(dns, d, true));
      }

      @Override
      public DiscoveryMethod method() {
        return DiscoveryMethod.TREEWALK;
      }
    };
  }

  /** The RFC 7489 public suffix list mode: no DNS queries. */
  static OrgDomainDiscovery psl(PublicSuffixList list) {
    Objects.requireNonNull(list, "list");
    return new OrgDomainDiscovery() {
      @Override
      public OrgDomainOutcome find(String domain) {
        String d = DomainNames.normalize(domain);
        return new OrgDomainOutcome(
            DiscoveryStatus.FOUND, d, list.organizationalDomain(d), DiscoveryMethod.PSL, List.of());
      }

      @Override
      public DiscoveryMethod method() {
        return DiscoveryMethod.PSL;
      }
    };
  }
}
