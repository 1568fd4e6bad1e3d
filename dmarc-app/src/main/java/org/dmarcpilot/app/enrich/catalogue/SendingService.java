// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * One catalogued sending service. Domains are lower case without a trailing dot; each matches
 * itself and every name below it.
 *
 * @param id stable key, stored with owner marks
 * @param name display name
 * @param aliases other names the service is known by
 * @param category what kind of sender it is
 * @param forwarding whether it forwards or redistributes other people's mail (consumer mailboxes,
 *     mailing lists, forwarders), so that SPF failures there are expected
 * @param ptrSuffixes suffixes of its outbound servers' reverse-DNS names
 * @param spfIncludes the domains customers include in their SPF record
 * @param dkimDomains the {@code d=} domains it signs with in its own name
 * @param dkimSelectors the selectors it asks customers to publish; {@code *} at one end matches any
 *     text
 * @param envelopeDomains its default return-path domains
 * @param asns autonomous systems that carry its mail
 * @param fix how to align it with the owner's domain
 * @param docs the vendor page the entry was written from
 */
public record SendingService(
    String id,
    String name,
    List<String> aliases,
    ServiceCategory category,
    boolean forwarding,
    List<String> ptrSuffixes,
    List<String> spfIncludes,
    List<String> dkimDomains,
    List<String> dkimSelectors,
    List<String> envelopeDomains,
    List<Long> asns,
    AlignmentFix fix,
    String docs) {
  public SendingService {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(docs, "docs");
    aliases = List.copyOf(aliases);
    ptrSuffixes = List.copyOf(ptrSuffixes);
    spfIncludes = List.copyOf(spfIncludes);
    dkimDomains = List.copyOf(dkimDomains);
    dkimSelectors = List.copyOf(dkimSelectors);
    envelopeDomains = List.copyOf(envelopeDomains);
    asns = List.copyOf(asns);
  }

  /** Whether a DKIM selector matches one of this service's selector patterns. */
  public boolean matchesSelector(String selector) {
    for (String pattern : dkimSelectors) {
      if (SelectorPattern.matches(pattern, selector)) {
        return true;
      }
    }
    return false;
  }
}
