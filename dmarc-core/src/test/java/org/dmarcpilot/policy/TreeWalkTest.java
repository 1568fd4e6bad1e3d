// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tree walk and Organizational Domain rules of RFC 9989 §4.10, with the worked examples of
 * Appendix B.4 and the §4.10.2 text (DMARC-NOTES.md §1.2).
 */
class TreeWalkTest {

  @Test
  void targets_thirteenLabels_eightQueries() {
    assertThat(TreeWalk.targets("a.b.c.d.e.f.g.h.i.j.mail.example.com"))
        .containsExactly(
            "a.b.c.d.e.f.g.h.i.j.mail.example.com",
            "g.h.i.j.mail.example.com",
            "h.i.j.mail.example.com",
            "i.j.mail.example.com",
            "j.mail.example.com",
            "mail.example.com",
            "example.com",
            "com");
  }

  @ParameterizedTest
  @CsvSource({
    "com, 1",
    "example.com, 2",
    "a.b.c.d.e.f.example, 7",
    "a.b.c.d.e.f.g.example, 8",
    "a.b.c.d.e.f.g.h.example, 8",
    "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.example, 8"
  })
  void targets_neverMoreThanEight(String name, int count) {
    assertThat(TreeWalk.targets(name))
        .hasSize(count)
        .endsWith(name.substring(name.lastIndexOf('.') + 1));
  }

  @Test
  void targets_eightLabels_jumpToSeven() {
    assertThat(TreeWalk.targets("a.b.c.d.e.f.g.example"))
        .containsExactly(
            "a.b.c.d.e.f.g.example",
            "b.c.d.e.f.g.example",
            "c.d.e.f.g.example",
            "d.e.f.g.example",
            "e.f.g.example",
            "f.g.example",
            "g.example",
            "example");
  }

  /** B.4.1: the author and the DKIM domain share the Organizational Domain example.com. */
  @Test
  void appendixB41_signingSubdomainIsRelaxedAligned() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.example.com.          TXT "v=DMARC1; p=reject"
            _dmarc.signing.example.com.  TXT "v=DMARC1; p=none"
            """);
    OrgDomainDiscovery orgs = OrgDomainDiscovery.treeWalk(dns);
    assertThat(orgs.find("example.com").organizationalDomain()).isEqualTo("example.com");
    assertThat(orgs.find("signing.example.com").organizationalDomain()).isEqualTo("example.com");
    assertThat(
            new IdentifierAlignment(orgs)
                .check("example.com", "signing.example.com", AlignmentMode.RELAXED)
                .aligned())
        .isTrue();
    assertThat(orgs.find("example.com").queriedNames())
        .containsExactly("_dmarc.example.com", "_dmarc.com");
  }

  /** B.4.2: a 13-label author takes the eight-query path; the policy domain is example.com. */
  @Test
  void appendixB42_deepAuthor_eightQueries() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone("_dmarc.example.com. TXT \"v=DMARC1; p=quarantine\"");
    PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("a.b.c.d.e.f.g.h.i.j.k.example.com");
    assertThat(o.status()).isEqualTo(DiscoveryStatus.FOUND);
    assertThat(o.policyDomain()).isEqualTo("example.com");
    assertThat(o.organizationalDomain()).isEqualTo("example.com");
    assertThat(o.queriedNames())
        .containsExactly(
            "_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com",
            "_dmarc.g.h.i.j.k.example.com",
            "_dmarc.h.i.j.k.example.com",
            "_dmarc.i.j.k.example.com",
            "_dmarc.j.k.example.com",
            "_dmarc.k.example.com",
            "_dmarc.example.com",
            "_dmarc.com");
    assertThat(o.scope()).isEqualTo(PolicyScope.NON_EXISTENT_SUBDOMAIN);
  }

  /** B.4.3: the PSD bank.example; giant and mega are separate organisations. */
  @Test
  void appendixB43_publicSuffixDomain() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.bank.example.        TXT "v=DMARC1; p=reject; psd=y"
            _dmarc.giant.bank.example.  TXT "v=DMARC1; p=reject"
            mail.giant.bank.example.    MX 10 mx.giant.bank.example.
            mail.mega.bank.example.     MX 10 mx.mega.bank.example.
            """);
    OrgDomainDiscovery orgs = OrgDomainDiscovery.treeWalk(dns);
    assertThat(orgs.find("giant.bank.example").organizationalDomain())
        .isEqualTo("giant.bank.example");
    assertThat(orgs.find("mail.giant.bank.example").organizationalDomain())
        .isEqualTo("giant.bank.example");
    assertThat(orgs.find("mail.mega.bank.example").organizationalDomain())
        .isEqualTo("mega.bank.example");
    IdentifierAlignment alignment = new IdentifierAlignment(orgs);
    assertThat(
            alignment.check("giant.bank.example", "mail.giant.bank.example", AlignmentMode.RELAXED))
        .extracting(AlignmentOutcome::status)
        .isEqualTo(AlignmentOutcome.Status.ALIGNED);
    assertThat(
            alignment.check("giant.bank.example", "mail.mega.bank.example", AlignmentMode.RELAXED))
        .extracting(AlignmentOutcome::status)
        .isEqualTo(AlignmentOutcome.Status.NOT_ALIGNED);
    // the walk stops at the PSD and never asks for the TLD
    assertThat(orgs.find("mail.mega.bank.example").queriedNames())
        .containsExactly(
            "_dmarc.mail.mega.bank.example", "_dmarc.mega.bank.example", "_dmarc.bank.example");
  }

  /** §4.10.2: records at mail.example.com and example.com: the fewest labels win. */
  @Test
  void section4102_fewestLabelsWin() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.mail.example.com. TXT "v=DMARC1; p=none"
            _dmarc.example.com.      TXT "v=DMARC1; p=reject"
            """);
    assertThat(OrgDomainDiscovery.treeWalk(dns).find("a.mail.example.com").organizationalDomain())
        .isEqualTo("example.com");
  }

  /** §4.10.2: psd=n at mail.example.com makes it the Organizational Domain. */
  @Test
  void section4102_psdNoAnchors() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.mail.example.com. TXT "v=DMARC1; p=none; psd=n"
            _dmarc.example.com.      TXT "v=DMARC1; p=reject"
            """);
    OrgDomainOutcome o = OrgDomainDiscovery.treeWalk(dns).find("a.mail.example.com");
    assertThat(o.organizationalDomain()).isEqualTo("mail.example.com");
    assertThat(o.queriedNames())
        .containsExactly("_dmarc.a.mail.example.com", "_dmarc.mail.example.com");
  }

  /** §4.10.2: only _dmarc.com with psd=y: example.com is the Organizational Domain. */
  @Test
  void section4102_onlyTldPsd() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone("_dmarc.com. TXT \"v=DMARC1; p=reject; psd=y\"");
    OrgDomainOutcome o = OrgDomainDiscovery.treeWalk(dns).find("a.mail.example.com");
    assertThat(o.status()).isEqualTo(DiscoveryStatus.FOUND);
    assertThat(o.organizationalDomain()).isEqualTo("example.com");
  }

  @Test
  void noRecords_domainIsItsOwnOrgDomain() {
    OrgDomainOutcome o =
        OrgDomainDiscovery.treeWalk(InMemoryDnsResolver.empty()).find("a.b.example");
    assertThat(o.status()).isEqualTo(DiscoveryStatus.NOT_FOUND);
    assertThat(o.organizationalDomain()).isEqualTo("a.b.example");
  }

  @Test
  void psdAtStart_isItsOwnOrgDomain() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone("_dmarc.bank.example. TXT \"v=DMARC1; psd=y\"");
    assertThat(OrgDomainDiscovery.treeWalk(dns).find("bank.example").organizationalDomain())
        .isEqualTo("bank.example");
  }

  @Test
  void multipleRecords_discarded() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.mail.example.com. TXT "v=DMARC1; p=none; psd=n"
            _dmarc.mail.example.com. TXT "v=DMARC1; p=reject"
            _dmarc.example.com.      TXT "v=DMARC1; p=reject"
            """);
    OrgDomainOutcome o = OrgDomainDiscovery.treeWalk(dns).find("mail.example.com");
    assertThat(o.lookups().get(0).status()).isEqualTo(DmarcLookup.Status.MULTIPLE);
    assertThat(o.organizationalDomain()).isEqualTo("example.com");
  }

  @Test
  void tempfail_reported() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.mail.example.com. TIMEOUT
            _dmarc.example.com.      TXT "v=DMARC1; p=reject"
            """);
    assertThat(OrgDomainDiscovery.treeWalk(dns).find("a.mail.example.com").status())
        .isEqualTo(DiscoveryStatus.TEMPFAIL);
    assertThat(
            new IdentifierAlignment(OrgDomainDiscovery.treeWalk(dns))
                .check("example.com", "a.mail.example.com", AlignmentMode.RELAXED)
                .status())
        .isEqualTo(AlignmentOutcome.Status.TEMPFAIL);
  }

  @Test
  void unrelatedTxtIgnored() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.example.com. TXT "google-site-verification=abc"
            _dmarc.example.com. TXT "v=DMARC1; p=reject"
            """);
    assertThat(DmarcLookup.query(dns, "example.com").status()).isEqualTo(DmarcLookup.Status.FOUND);
  }
}
