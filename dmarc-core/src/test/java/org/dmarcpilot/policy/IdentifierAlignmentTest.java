// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifierAlignmentTest {

  /** OpenDMARC's alignment table, run with the 2012 list (as upstream), Guava's, and a walk. */
  static Stream<Arguments> openDmarcCases() throws IOException {
    Path dir = Corpus.require("opendmarc-testfiles");
    PublicSuffixList list2012 = PublicSuffixList.load(dir.resolve("effective_tld_names.2012.dat"));
    // the tree walk sees what the list says: records at each registrable domain of the table
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            _dmarc.bcx.com.   TXT "v=DMARC1; p=none"
            _dmarc.foo.com.   TXT "v=DMARC1; p=none"
            _dmarc.mac.com.   TXT "v=DMARC1; p=none"
            _dmarc.b.com.     TXT "v=DMARC1; p=none"
            _dmarc.b.de.      TXT "v=DMARC1; p=none"
            """);
    List<OrgDomainDiscovery> methods =
        List.of(
            OrgDomainDiscovery.psl(list2012),
            OrgDomainDiscovery.psl(PublicSuffixList.guava()),
            OrgDomainDiscovery.treeWalk(dns));
    List<Arguments> out = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            dir.resolve("transcribed-cases/alignment.tsv"), StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      for (int m = 0; m < methods.size(); m++) {
        out.add(
            Arguments.of(
                f[0] + "/" + (m == 0 ? "psl2012" : m == 1 ? "guava" : "treewalk"),
                f[1],
                f[2],
                f[3].equals("strict") ? AlignmentMode.STRICT : AlignmentMode.RELAXED,
                f[4].equals("0"),
                methods.get(m)));
      }
    }
    assertThat(out).hasSize(30);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1} ~ {2} {3} -> {4}")
  @MethodSource("openDmarcCases")
  void check_openDmarcTable(
      String name,
      String a,
      String b,
      AlignmentMode mode,
      boolean aligned,
      OrgDomainDiscovery orgs) {
    assertThat(new IdentifierAlignment(orgs).check(a, b, mode).aligned()).isEqualTo(aligned);
  }

  @Test
  void check_identicalDomainsNeedNoQuery() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.empty();
    AlignmentOutcome o =
        new IdentifierAlignment(OrgDomainDiscovery.treeWalk(dns))
            .check("Example.COM", "example.com.", AlignmentMode.RELAXED);
    assertThat(o.aligned()).isTrue();
    assertThat(dns.queryCount()).isZero();
  }

  @Test
  void check_strictNeedsNoQuery() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.empty();
    AlignmentOutcome o =
        new IdentifierAlignment(OrgDomainDiscovery.treeWalk(dns))
            .check("example.com", "mail.example.com", AlignmentMode.STRICT);
    assertThat(o.status()).isEqualTo(AlignmentOutcome.Status.NOT_ALIGNED);
    assertThat(dns.queryCount()).isZero();
  }

  @Test
  void check_treeWalkWithoutRecords_subdomainsDoNotAlign() {
    AlignmentOutcome o =
        new IdentifierAlignment(OrgDomainDiscovery.treeWalk(InMemoryDnsResolver.empty()))
            .check("example.com", "mail.example.com", AlignmentMode.RELAXED);
    assertThat(o.aligned()).isFalse();
    assertThat(o.authorOrgDomain()).isEqualTo("example.com");
    assertThat(o.identifierOrgDomain()).isEqualTo("mail.example.com");
  }

  @Test
  void check_emptyIdentifier_notAligned() {
    assertThat(
            new IdentifierAlignment(OrgDomainDiscovery.psl(PublicSuffixList.guava()))
                .check("", "", AlignmentMode.RELAXED)
                .aligned())
        .isFalse();
  }
}
