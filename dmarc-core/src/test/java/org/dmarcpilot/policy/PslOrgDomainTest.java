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
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publicsuffix.org tests through the PSL discovery mode: {@link OrgDomainDiscovery#psl} gives
 * the registrable domain (as A-labels), or the name itself when it has none (a public suffix is its
 * own Organizational Domain), and PSL-mode policy discovery asks {@code _dmarc} at exactly those
 * names.
 */
class PslOrgDomainTest {

  static Stream<Arguments> cases() throws IOException {
    Path dir = Corpus.require("publicsuffix-tests");
    PublicSuffixList list = PublicSuffixList.load(dir.resolve("public_suffix_list.dat"));
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("tests.txt"), StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("//")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f[0].equals("null")) {
        continue; // null input: not a name
      }
      out.add(Arguments.of(f[0], f[1].equals("null") ? null : f[1], list));
    }
    assertThat(out).hasSize(77);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void find_pslMode(String input, String expected, PublicSuffixList list) {
    OrgDomainOutcome o = OrgDomainDiscovery.psl(list).find(input);
    assertThat(o.method()).isEqualTo(DiscoveryMethod.PSL);
    assertThat(o.status()).isEqualTo(DiscoveryStatus.FOUND);
    if (expected != null) {
      // names are compared as A-labels: DMARC converts U-labels (RFC 9989 §5.3)
      assertThat(o.organizationalDomain()).isEqualTo(DomainNames.normalize(expected));
    } else {
      assertThat(list.registrableDomain(input)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void discover_pslMode_asksAuthorThenRegistrableDomain(
      String input, String expected, PublicSuffixList list) {
    if (expected == null || input.startsWith(".") || input.contains("..")) {
      return;
    }
    InMemoryDnsResolver dns = InMemoryDnsResolver.empty();
    PolicyOutcome o = PolicyDiscovery.psl(dns, list).discover(input);
    assertThat(o.status()).isEqualTo(DiscoveryStatus.NOT_FOUND);
    String author = o.authorDomain();
    String org = list.organizationalDomain(author);
    List<String> expectedQueries = new ArrayList<>(List.of("_dmarc." + author));
    if (!org.equals(author)) {
      expectedQueries.add("_dmarc." + org);
    }
    assertThat(o.queriedNames()).isEqualTo(expectedQueries);
  }
}
