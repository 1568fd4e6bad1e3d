// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;

class PolicyDiscoveryTest {

  private static final String ZONE =
      """
      _dmarc.example.com.       TXT "v=DMARC1; p=reject; sp=quarantine; np=reject"
      mail.example.com.         A   192.0.2.1
      _dmarc.own.example.com.   TXT "v=DMARC1; p=none"
      _dmarc.co.uk.             TXT "v=DMARC1; p=reject; psd=y"
      _dmarc.shop.example.co.uk. TXT "v=DMARC1; p=quarantine"
      """;

  @Test
  void discover_ownRecord_p() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("OWN.example.com.");
    assertThat(o.authorDomain()).isEqualTo("own.example.com");
    assertThat(o.policyDomain()).isEqualTo("own.example.com");
    assertThat(o.scope()).isEqualTo(PolicyScope.DOMAIN);
    assertThat(o.appliedPolicy()).contains(Policy.NONE);
    assertThat(o.organizationalDomain()).isEqualTo("example.com");
    assertThat(o.method()).isEqualTo(DiscoveryMethod.TREEWALK);
  }

  @Test
  void discover_existingSubdomain_sp() {
    PolicyOutcome o =
        PolicyDiscovery.treeWalk(InMemoryDnsResolver.fromZone(ZONE)).discover("mail.example.com");
    assertThat(o.policyDomain()).isEqualTo("example.com");
    assertThat(o.scope()).isEqualTo(PolicyScope.SUBDOMAIN);
    assertThat(o.appliedPolicy()).contains(Policy.QUARANTINE);
  }

  @Test
  void discover_nonExistentSubdomain_np() {
    PolicyOutcome o =
        PolicyDiscovery.treeWalk(InMemoryDnsResolver.fromZone(ZONE)).discover("nope.example.com");
    assertThat(o.scope()).isEqualTo(PolicyScope.NON_EXISTENT_SUBDOMAIN);
    assertThat(o.appliedPolicy()).contains(Policy.REJECT);
  }

  @Test
  void discover_noRecord_notFound() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone("x.example.net. A 192.0.2.1");
    PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("x.example.net");
    assertThat(o.status()).isEqualTo(DiscoveryStatus.NOT_FOUND);
    assertThat(o.requestedPolicy()).isEmpty();
    assertThat(dns.queryCount()).isLessThanOrEqualTo(TreeWalk.MAX_QUERIES);
  }

  @Test
  void discover_tempfailAtAuthor_tempfail() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(ZONE + "_dmarc.slow.example.com. TIMEOUT\n");
    assertThat(PolicyDiscovery.treeWalk(dns).discover("slow.example.com").status())
        .isEqualTo(DiscoveryStatus.TEMPFAIL);
    assertThat(
            PolicyDiscovery.psl(dns, PublicSuffixList.guava())
                .discover("slow.example.com")
                .status())
        .isEqualTo(DiscoveryStatus.TEMPFAIL);
  }

  @Test
  void discover_ownRecordDespiteLaterTempfail_found() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            "_dmarc.a.example. TXT \"v=DMARC1; p=reject\"\n_dmarc.example. TIMEOUT");
    PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("a.example");
    assertThat(o.status()).isEqualTo(DiscoveryStatus.FOUND);
    assertThat(o.orgDomain().status()).isEqualTo(DiscoveryStatus.TEMPFAIL);
  }

  @Test
  void discover_psdPolicyForOrgDomainWithoutRecord() {
    PolicyOutcome o =
        PolicyDiscovery.treeWalk(InMemoryDnsResolver.fromZone(ZONE)).discover("bank.co.uk");
    assertThat(o.policyDomain()).isEqualTo("co.uk");
    assertThat(o.organizationalDomain()).isEqualTo("bank.co.uk");
    assertThat(o.appliedPolicy()).contains(Policy.REJECT);
  }

  @Test
  void discover_belowPsd_orgDomainIsOneLabelBelowIt() {
    // shop.example.co.uk publishes, but the Organizational Domain is example.co.uk (one label
    // below the PSD co.uk, RFC 9989 §4.10.2), which does not: the PSD policy applies
    PolicyOutcome o =
        PolicyDiscovery.treeWalk(InMemoryDnsResolver.fromZone(ZONE))
            .discover("www.shop.example.co.uk");
    assertThat(o.organizationalDomain()).isEqualTo("example.co.uk");
    assertThat(o.policyDomain()).isEqualTo("co.uk");
  }

  @Test
  void discover_psdNotUsedWhenOrgDomainPublishes() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(ZONE + "_dmarc.example.co.uk. TXT \"v=DMARC1; p=none\"\n");
    PolicyOutcome o = PolicyDiscovery.treeWalk(dns).discover("www.shop.example.co.uk");
    assertThat(o.policyDomain()).isEqualTo("example.co.uk");
    assertThat(o.appliedPolicy()).contains(Policy.NONE);
  }

  @Test
  void discover_pslMode_registrableDomain() throws IOException {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    PublicSuffixList list = PublicSuffixList.parse(new StringReader("com\nuk\nco.uk\n"));
    PolicyOutcome o = PolicyDiscovery.psl(dns, list).discover("a.b.mail.example.com");
    assertThat(o.method()).isEqualTo(DiscoveryMethod.PSL);
    assertThat(o.policyDomain()).isEqualTo("example.com");
    assertThat(o.queriedNames())
        .containsExactly("_dmarc.a.b.mail.example.com", "_dmarc.example.com");
    // PSL mode does not see the PSD record
    assertThat(PolicyDiscovery.psl(dns, list).discover("bank.co.uk").status())
        .isEqualTo(DiscoveryStatus.NOT_FOUND);
  }

  @Test
  void orgDomains_methodMatches() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    assertThat(PolicyDiscovery.treeWalk(dns).orgDomains().method())
        .isEqualTo(DiscoveryMethod.TREEWALK);
    assertThat(
            PolicyDiscovery.psl(dns, PublicSuffixList.guava())
                .orgDomains()
                .find("a.b.example.co.uk")
                .organizationalDomain())
        .isEqualTo("example.co.uk");
  }
}
