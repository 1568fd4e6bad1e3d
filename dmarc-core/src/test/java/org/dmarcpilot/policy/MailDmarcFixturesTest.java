// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mail::DMARC's DMARCbis zone and expectations ({@code mail-dmarc-fixtures/}). The zone file is
 * read as it is (its {@code #} comments included); names it does not declare are NXDOMAIN here, so
 * the {@code ghost.*} names need no special treatment.
 *
 * <p>Every row is asserted to the extent this library decides it today: discovery, the
 * Organizational Domain, which policy tag applies, testing mode, the invalid-policy rule, alignment
 * and the external destination check. The final DMARC result of the {@code validate} rows
 * (pass/fail from SPF and DKIM results) belongs to the evaluator, which is not built yet; where a
 * row depends on it, the test checks every input the evaluator will combine (the applied policy and
 * whether the identifier aligns) and says so.
 */
class MailDmarcFixturesTest {
  private static InMemoryDnsResolver dns;
  private static PolicyDiscovery discovery;
  private static IdentifierAlignment alignment;

  @BeforeAll
  static void zone() throws Exception {
    Path zone = Corpus.require("mail-dmarc-fixtures/dmarcbis-zone-fixture.txt");
    dns = InMemoryDnsResolver.parse(Files.readString(zone, StandardCharsets.UTF_8));
    discovery = PolicyDiscovery.treeWalk(dns);
    alignment = new IdentifierAlignment(discovery.orgDomains());
  }

  private static PolicyOutcome found(String author) {
    PolicyOutcome o = discovery.discover(author);
    assertThat(o.status()).as(author).isEqualTo(DiscoveryStatus.FOUND);
    return o;
  }

  /** Each row's assertions, keyed by kind and input. */
  private static final Map<String, Consumer<String>> ROWS =
      Map.ofEntries(
          Map.entry(
              "tree_walk anchor.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("anchor.dmarctest.net");
                assertThat(o.organizationalDomain()).isEqualTo("anchor.dmarctest.net");
                assertThat(o.policyDomain()).isEqualTo("anchor.dmarctest.net");
                assertThat(o.queriedNames()).containsExactly("_dmarc.anchor.dmarctest.net");
              }),
          Map.entry(
              "tree_walk sub.anchor.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("sub.anchor.dmarctest.net");
                assertThat(o.organizationalDomain()).isEqualTo("anchor.dmarctest.net");
                assertThat(o.policyDomain()).isEqualTo("anchor.dmarctest.net");
                assertThat(o.scope()).isEqualTo(PolicyScope.SUBDOMAIN);
              }),
          Map.entry(
              "tree_walk sub.psd.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("sub.psd.dmarctest.net");
                assertThat(o.organizationalDomain()).isEqualTo("sub.psd.dmarctest.net");
                assertThat(o.policyDomain()).isEqualTo("psd.dmarctest.net");
              }),
          Map.entry(
              "tree_walk deep.sub.psd.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("deep.sub.psd.dmarctest.net");
                assertThat(o.organizationalDomain()).isEqualTo("sub.psd.dmarctest.net");
              }),
          Map.entry(
              "tree_walk bbc.co.uk",
              expected -> {
                PolicyOutcome o = discovery.discover("bbc.co.uk");
                assertThat(o.status()).isEqualTo(DiscoveryStatus.NOT_FOUND);
                assertThat(o.orgDomain().status()).isEqualTo(DiscoveryStatus.NOT_FOUND);
                assertThat(o.record()).isNull();
              }),
          // needs the evaluator for result=fail; here: applied policy quarantine, SPF not aligned
          Map.entry(
              "validate header_from=ttest.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("ttest.dmarctest.net");
                assertThat(o.requestedPolicy()).contains(Policy.REJECT);
                assertThat(o.appliedPolicy()).contains(Policy.QUARANTINE);
                assertThat(
                        alignment
                            .check(
                                "ttest.dmarctest.net",
                                "unrelated.example.com",
                                o.record().spfAlignment())
                            .aligned())
                    .isFalse();
              }),
          // needs the evaluator for result=pass; here: act as p=none, SPF aligned
          Map.entry(
              "validate header_from=invalid-sp-and-with-rua.example.com",
              expected -> {
                PolicyOutcome o = found("invalid-sp-and-with-rua.example.com");
                assertThat(o.record().applicability()).isEqualTo(PolicyApplicability.APPLY_AS_NONE);
                assertThat(o.appliedPolicy()).contains(Policy.NONE);
                assertThat(
                        alignment
                            .check(o.authorDomain(), o.authorDomain(), o.record().spfAlignment())
                            .aligned())
                    .isTrue();
              }),
          Map.entry(
              "validate header_from=invalid-sp-and-without-rua.example.com",
              expected -> {
                PolicyOutcome o = found("invalid-sp-and-without-rua.example.com");
                assertThat(o.record().applicability())
                    .isEqualTo(PolicyApplicability.NOT_APPLICABLE);
                assertThat(o.appliedPolicy()).isEmpty(); // result=none: no DMARC processing
              }),
          Map.entry(
              "validate header_from=sub.psd.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("sub.psd.dmarctest.net");
                assertThat(o.record().hasTag("p")).isFalse();
                assertThat(o.record().policy()).isEqualTo(Policy.NONE); // published p=none
                assertThat(o.appliedPolicy()).contains(Policy.NONE); // disposition=none
              }),
          Map.entry(
              "validate header_from=real.np.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("real.np.dmarctest.net");
                assertThat(o.scope()).isEqualTo(PolicyScope.SUBDOMAIN);
                assertThat(o.appliedPolicy()).contains(Policy.NONE);
              }),
          Map.entry(
              "validate header_from=txtonly.np.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("txtonly.np.dmarctest.net");
                assertThat(o.scope()).isEqualTo(PolicyScope.SUBDOMAIN);
                assertThat(o.appliedPolicy()).contains(Policy.NONE);
              }),
          Map.entry(
              "validate header_from=ghost.np.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("ghost.np.dmarctest.net");
                assertThat(o.scope()).isEqualTo(PolicyScope.NON_EXISTENT_SUBDOMAIN);
                assertThat(o.appliedPolicy()).contains(Policy.REJECT);
              }),
          Map.entry(
              "validate header_from=ghost.npnosp.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("ghost.npnosp.dmarctest.net");
                assertThat(o.scope()).isEqualTo(PolicyScope.NON_EXISTENT_SUBDOMAIN);
                assertThat(o.appliedPolicy()).contains(Policy.QUARANTINE);
              }),
          Map.entry(
              "validate header_from=ghost.npnone.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("ghost.npnone.dmarctest.net");
                assertThat(o.record().policy()).isEqualTo(Policy.REJECT);
                assertThat(o.appliedPolicy()).contains(Policy.NONE);
              }),
          Map.entry(
              "validate header_from=ghost.npttest2.dmarctest.net",
              expected -> {
                PolicyOutcome o = found("ghost.npttest2.dmarctest.net");
                assertThat(o.requestedPolicy()).contains(Policy.REJECT);
                assertThat(o.appliedPolicy()).contains(Policy.QUARANTINE);
              }),
          Map.entry(
              "external_report tnpi.net -> theartfarm.com",
              expected -> external("tnpi.net", "theartfarm.com", 0)),
          Map.entry(
              "external_report cadillac.net -> theartfarm.com",
              expected -> external("cadillac.net", "theartfarm.com", 0)),
          Map.entry(
              "external_report mail-dmarc.tnpi.net -> theartfarm.com",
              expected -> external("mail-dmarc.tnpi.net", "theartfarm.com", 1)));

  private static void external(String domain, String host, int overrides) {
    ExternalReportAuthorization.Outcome o =
        new ExternalReportAuthorization(dns, discovery.orgDomains()).check(domain, host);
    assertThat(o.status()).isEqualTo(ExternalReportAuthorization.Status.AUTHORIZED);
    assertThat(o.queryName()).isEqualTo(domain + "._report._dmarc." + host);
    assertThat(o.overrideUris()).hasSize(overrides);
  }

  static Stream<Arguments> rows() throws IOException {
    Path tsv = Corpus.require("mail-dmarc-fixtures/dmarcbis-expectations.tsv");
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String input = f[1];
      int cut = input.length();
      for (String stop : List.of(",", " (")) {
        int at = input.indexOf(stop);
        if (at >= 0) {
          cut = Math.min(cut, at);
        }
      }
      out.add(Arguments.of(f[0] + " " + input.substring(0, cut), f[2]));
    }
    assertThat(out).hasSize(18);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rows")
  void expectation(String key, String expected) {
    Consumer<String> row = ROWS.get(key);
    assertThat(row).as("assertions for row " + key).isNotNull();
    row.accept(expected);
  }

  /**
   * RFC 7489 PSL mode on the same zone: records below the registrable domain dmarctest.net are not
   * seen, which is why RFC 9989 replaced the list with the walk.
   */
  @org.junit.jupiter.api.Test
  void pslMode_differsWhereRecordsSitBelowTheRegistrableDomain() {
    PolicyDiscovery psl = PolicyDiscovery.psl(dns, PublicSuffixList.guava());
    assertThat(psl.discover("ttest.dmarctest.net").appliedPolicy()).contains(Policy.QUARANTINE);
    assertThat(psl.discover("invalid-sp-and-with-rua.example.com").appliedPolicy())
        .contains(Policy.NONE);
    assertThat(psl.discover("sub.anchor.dmarctest.net").status())
        .isEqualTo(DiscoveryStatus.NOT_FOUND);
    assertThat(psl.discover("ghost.np.dmarctest.net").status())
        .isEqualTo(DiscoveryStatus.NOT_FOUND);
    assertThat(psl.discover("ghost.np.dmarctest.net").queriedNames())
        .containsExactly("_dmarc.ghost.np.dmarctest.net", "_dmarc.dmarctest.net");
    assertThat(discovery.discover("ghost.np.dmarctest.net").appliedPolicy())
        .contains(Policy.REJECT);
  }
}
