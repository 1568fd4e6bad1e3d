// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.Objects;
import org.dmarcpilot.dns.DomainNames;

/**
 * Identifier alignment (RFC 9989 §4.4): strict mode compares the domains; relaxed mode compares
 * their Organizational Domains, found by tree walk or public suffix list. Names are compared after
 * normalisation (lower case, A-labels, leading and trailing dots removed). Identical domains align
 * in either mode without any DNS query. Immutable and thread-safe.
 *
 * <pre>{@code
 * var alignment = new IdentifierAlignment(OrgDomainDiscovery.treeWalk(dns));
 * alignment.check("example.com", "signing.example.com", AlignmentMode.RELAXED).aligned();  // true
 * alignment.check("example.com", "signing.example.com", AlignmentMode.STRICT).aligned();   // false
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.4">RFC 9989 §4.4</a>
 */
public final class IdentifierAlignment {
  private final OrgDomainDiscovery orgDomains;

  /** Alignment with Organizational Domains from the given discovery. */
  public IdentifierAlignment(OrgDomainDiscovery orgDomains) {
    this.orgDomains = Objects.requireNonNull(orgDomains, "orgDomains");
  }

  /**
   * Checks an identifier against the Author Domain.
   *
   * @param authorDomain the RFC 5322.From domain
   * @param identifierDomain the DKIM {@code d=} domain or the SPF MAIL FROM domain
   * @param mode {@code adkim} or {@code aspf} of the policy record
   */
  public AlignmentOutcome check(String authorDomain, String identifierDomain, AlignmentMode mode) {
    Objects.requireNonNull(mode, "mode");
    String author = DomainNames.normalizeLenient(Objects.requireNonNull(authorDomain, "author"));
    String id = DomainNames.normalizeLenient(Objects.requireNonNull(identifierDomain, "id"));
    DiscoveryMethod method = orgDomains.method();
    if (author.equals(id)) {
      return new AlignmentOutcome(
          author.isEmpty() ? AlignmentOutcome.Status.NOT_ALIGNED : AlignmentOutcome.Status.ALIGNED,
          mode,
          author,
          id,
          author,
          id,
          method);
    }
    if (mode == AlignmentMode.STRICT || author.isEmpty() || id.isEmpty()) {
      return new AlignmentOutcome(
          AlignmentOutcome.Status.NOT_ALIGNED, mode, author, id, author, id, method);
    }
    OrgDomainOutcome a = orgDomains.find(author);
    OrgDomainOutcome b = orgDomains.find(id);
    if (a.status() == DiscoveryStatus.TEMPFAIL || b.status() == DiscoveryStatus.TEMPFAIL) {
      return new AlignmentOutcome(
          AlignmentOutcome.Status.TEMPFAIL,
          mode,
          author,
          id,
          a.organizationalDomain(),
          b.organizationalDomain(),
          method);
    }
    boolean same = a.organizationalDomain().equals(b.organizationalDomain());
    return new AlignmentOutcome(
        same ? AlignmentOutcome.Status.ALIGNED : AlignmentOutcome.Status.NOT_ALIGNED,
        mode,
        author,
        id,
        a.organizationalDomain(),
        b.organizationalDomain(),
        method);
  }
}
