// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.OrgDomainDiscovery;
import org.dmarcpilot.policy.PublicSuffixList;
import org.junit.jupiter.api.Test;

class OrganizationalDomainsTest {
  @Test
  void treeWalk_psdRecordMakesSiblingsUnaligned_andAnswersAreRemembered() {
    // RFC 9989 B.4.3: bank.example is a PSD (psd=y); giant and mega are separate organisations
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.bank.example.        IN TXT "v=DMARC1; p=reject; psd=y"
            _dmarc.giant.bank.example.  IN TXT "v=DMARC1; p=reject"
            _dmarc.mega.bank.example.   IN TXT "v=DMARC1; p=reject"
            """);
    OrganizationalDomains orgs =
        new OrganizationalDomains(OrgDomainDiscovery.treeWalk(dns), PublicSuffixList.guava());
    AlignmentEvaluator a = new AlignmentEvaluator(orgs);
    assertThat(a.aligned("mail.giant.bank.example", "giant.bank.example", AlignmentMode.RELAXED))
        .isTrue();
    assertThat(a.aligned("mail.mega.bank.example", "giant.bank.example", AlignmentMode.RELAXED))
        .isFalse();
    // the PSL alone would call them aligned (bank.example is not a public suffix)
    assertThat(
            new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain)
                .aligned("mail.mega.bank.example", "giant.bank.example", AlignmentMode.RELAXED))
        .isTrue();
    int before = dns.queryCount();
    orgs.apply("mail.giant.bank.example");
    assertThat(dns.queryCount()).isEqualTo(before);
  }
}
