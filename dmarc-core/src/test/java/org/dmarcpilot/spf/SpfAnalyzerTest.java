// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.spf.SpfProblem.Code;
import org.junit.jupiter.api.Test;

class SpfAnalyzerTest {

  private static SpfAnalysis analyze(String zone, String domain) {
    return new SpfAnalyzer(InMemoryDnsResolver.fromZone(zone), SpfLimits.RFC7208).analyze(domain);
  }

  @Test
  void analyze_countsRecursivelyAndFlattens() {
    SpfAnalysis a =
        analyze(
            """
            example.com.        TXT "v=spf1 mx a:web.example.com include:_spf.esp.example ip4:198.51.100.7 -all"
            example.com.        MX  10 mx1.example.com.
            example.com.        MX  20 mx2.example.com.
            mx1.example.com.    A   192.0.2.10
            mx2.example.com.    A   192.0.2.11
            mx2.example.com.    AAAA 2001:db8::11
            web.example.com.    A   192.0.2.80
            _spf.esp.example.   TXT "v=spf1 include:_a.esp.example include:_b.esp.example ~all"
            _a.esp.example.     TXT "v=spf1 ip4:203.0.113.0/24 -all"
            _b.esp.example.     TXT "v=spf1 ip6:2001:db8:beef::/48 ?all"
            """,
            "example.com");
    assertThat(a.status()).isEqualTo(SpfAnalysis.Status.FOUND);
    assertThat(a.dnsLookups()).isEqualTo(5);
    assertThat(a.voidLookups()).isZero();
    assertThat(a.problems()).isEmpty();
    assertThat(a.includes())
        .extracting(
            SpfAnalysis.SpfNode::term, SpfAnalysis.SpfNode::depth, SpfAnalysis.SpfNode::lookups)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("include:_spf.esp.example", 1, 3),
            org.assertj.core.groups.Tuple.tuple("include:_a.esp.example", 2, 1),
            org.assertj.core.groups.Tuple.tuple("include:_b.esp.example", 2, 1));
    SpfFlattening f = a.flattening();
    assertThat(f.networks())
        .containsExactly(
            "ip4:192.0.2.10",
            "ip4:192.0.2.11",
            "ip6:2001:db8::11",
            "ip4:192.0.2.80",
            "ip4:203.0.113.0/24",
            "ip6:2001:db8:beef::/48",
            "ip4:198.51.100.7");
    assertThat(f.lookupsBefore()).isEqualTo(5);
    assertThat(f.lookupsAfter()).isZero();
    assertThat(f.savedLookups()).isEqualTo(5);
    assertThat(f.record()).startsWith("v=spf1 ip4:192.0.2.10 ").endsWith(" -all");
  }

  @Test
  void analyze_tooManyLookups_countsEvenPastTheLimit() {
    StringBuilder zone = new StringBuilder("example.com. TXT \"v=spf1");
    for (int i = 0; i < 12; i++) {
      zone.append(" include:i").append(i).append(".example.net");
    }
    zone.append(" -all\"\n");
    for (int i = 0; i < 12; i++) {
      zone.append("i")
          .append(i)
          .append(".example.net. TXT \"v=spf1 ip4:192.0.2.")
          .append(i)
          .append(" -all\"\n");
    }
    SpfAnalysis a = analyze(zone.toString(), "example.com");
    assertThat(a.dnsLookups()).isEqualTo(12);
    assertThat(a.has(Code.TOO_MANY_LOOKUPS)).isTrue();
    assertThat(a.exceedsLookupLimit(SpfLimits.RFC7208)).isTrue();
    assertThat(a.flattening().lookupsAfter()).isZero();
    assertThat(a.flattening().networks()).hasSize(12);
  }

  @Test
  void analyze_voidLookups() {
    SpfAnalysis a =
        analyze(
            """
            example.com. TXT "v=spf1 a:gone1.example.com mx:gone2.example.com include:gone3.example.com exists:gone4.example.com -all"
            """,
            "example.com");
    assertThat(a.voidLookups()).isEqualTo(4);
    assertThat(a.has(Code.TOO_MANY_VOID_LOOKUPS)).isTrue();
    assertThat(a.has(Code.VOID_TARGET)).isTrue();
    assertThat(a.has(Code.TARGET_WITHOUT_RECORD)).isTrue();
  }

  @Test
  void analyze_includeLoop() {
    SpfAnalysis a =
        analyze(
            """
            a.example. TXT "v=spf1 include:b.example -all"
            b.example. TXT "v=spf1 include:a.example -all"
            """,
            "a.example");
    assertThat(a.problems())
        .filteredOn(p -> p.code() == Code.INCLUDE_LOOP)
        .extracting(SpfProblem::detail)
        .containsExactly("a.example -> b.example -> a.example");
  }

  @Test
  void analyze_redirectLoop() {
    SpfAnalysis a =
        analyze(
            """
            a.example. TXT "v=spf1 redirect=b.example"
            b.example. TXT "v=spf1 redirect=a.example"
            """,
            "a.example");
    assertThat(a.has(Code.REDIRECT_LOOP)).isTrue();
    assertThat(a.dnsLookups()).isEqualTo(2);
  }

  @Test
  void analyze_redirectIgnoredWithAll() {
    SpfAnalysis a = analyze("a.example. TXT \"v=spf1 -all redirect=b.example\"", "a.example");
    assertThat(a.dnsLookups()).isZero();
    assertThat(a.issues()).isNotEmpty();
  }

  @Test
  void analyze_brokenTargets() {
    SpfAnalysis a =
        analyze(
            """
            a.example.    TXT "v=spf1 include:multi.example include:bad.example include:slow.example include:txt.example -all"
            multi.example. TXT "v=spf1 -all"
            multi.example. TXT "v=spf1 +all"
            bad.example.   TXT "v=spf1 ip4:1.2.3.4~all"
            slow.example.  TIMEOUT
            txt.example.   TXT "hello"
            """,
            "a.example");
    assertThat(a.problems())
        .extracting(SpfProblem::code)
        .containsExactly(
            Code.TARGET_MULTIPLE_RECORDS,
            Code.TARGET_INVALID,
            Code.TEMPFAIL,
            Code.TARGET_WITHOUT_RECORD);
    assertThat(a.voidLookups()).isZero(); // txt.example has a TXT record, just no SPF
    assertThat(a.flattening().keptTerms()).hasSize(4);
  }

  @Test
  void analyze_passAllThroughIncludeOrRedirect_found() {
    String zone =
        """
        inc.example.    TXT "v=spf1 ip4:192.0.2.0/24 include:open.example -all"
        nested.example. TXT "v=spf1 include:mid.example -all"
        mid.example.    TXT "v=spf1 include:bare.example ~all"
        red.example.    TXT "v=spf1 redirect=chain.example"
        chain.example.  TXT "v=spf1 redirect=open.example"
        safe.example.   TXT "v=spf1 include:soft.example -all"
        open.example.   TXT "v=spf1 ip4:198.51.100.1 +all"
        bare.example.   TXT "v=spf1 all"
        soft.example.   TXT "v=spf1 ip4:198.51.100.1 ~all"
        """;
    assertThat(analyze(zone, "inc.example").problems())
        .filteredOn(p -> p.code() == Code.TARGET_PASSES_ALL)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.domain()).isEqualTo("inc.example");
              assertThat(p.term()).isEqualTo("include:open.example");
              assertThat(p.detail()).contains("open.example").contains("+all");
            });
    assertThat(analyze(zone, "nested.example").problems())
        .filteredOn(p -> p.code() == Code.TARGET_PASSES_ALL)
        .singleElement()
        .satisfies(p -> assertThat(p.term()).isEqualTo("include:bare.example"));
    assertThat(analyze(zone, "red.example").problems())
        .extracting(SpfProblem::code)
        .containsExactly(Code.TARGET_PASSES_ALL);
    assertThat(analyze(zone, "safe.example").problems()).isEmpty();
  }

  @Test
  void analyze_mxLimitAndHostsWithoutAddress() {
    StringBuilder zone = new StringBuilder("a.example. TXT \"v=spf1 mx -all\"\n");
    for (int i = 0; i < 11; i++) {
      zone.append("a.example. MX ").append(i).append(" mx").append(i).append(".a.example.\n");
    }
    assertThat(analyze(zone.toString(), "a.example").has(Code.TOO_MANY_MX_HOSTS)).isTrue();
    SpfAnalysis b =
        analyze(
            "b.example. TXT \"v=spf1 mx -all\"\nb.example. MX 10 nowhere.b.example.", "b.example");
    assertThat(b.has(Code.MX_HOST_WITHOUT_ADDRESS)).isTrue();
  }

  @Test
  void analyze_macrosAndPtrAreKept() {
    SpfAnalysis a =
        analyze(
            "a.example. TXT \"v=spf1 exists:%{i}._spf.a.example ptr include:%{d}.x.example -all\"",
            "a.example");
    assertThat(a.dnsLookups()).isEqualTo(3);
    assertThat(a.has(Code.MACRO_NOT_RESOLVED)).isTrue();
    assertThat(a.flattening().lookupsAfter()).isEqualTo(3);
    assertThat(a.flattening().savedLookups()).isZero();
  }

  @Test
  void analyze_duplicateIncludeAndExplanation() {
    SpfAnalysis a =
        analyze(
            """
            a.example. TXT "v=spf1 include:b.example include:b.example exp=why.a.example -all"
            b.example. TXT "v=spf1 ip4:192.0.2.1 -all"
            """,
            "a.example");
    assertThat(a.has(Code.DUPLICATE_INCLUDE)).isTrue();
    assertThat(a.has(Code.EXPLANATION_TXT)).isTrue();
    assertThat(a.flattening().networks()).containsExactly("ip4:192.0.2.1");
  }

  @Test
  void analyze_selection() {
    assertThat(analyze("a.example. A 192.0.2.1", "a.example").status())
        .isEqualTo(SpfAnalysis.Status.NONE);
    assertThat(analyze("a.example. A 192.0.2.1", "b.example").status())
        .isEqualTo(SpfAnalysis.Status.NXDOMAIN);
    assertThat(analyze("a.example. TIMEOUT", "a.example").status())
        .isEqualTo(SpfAnalysis.Status.TEMPFAIL);
    SpfAnalysis multiple =
        analyze("a.example. TXT \"v=spf1 -all\"\na.example. TXT \"v=spf1 mx -all\"", "a.example");
    assertThat(multiple.status()).isEqualTo(SpfAnalysis.Status.MULTIPLE);
    SpfAnalysis invalid = analyze("a.example. TXT \"v=spf1 a:museum -all\"", "a.example");
    assertThat(invalid.status()).isEqualTo(SpfAnalysis.Status.INVALID);
    assertThat(invalid.syntaxError()).contains("top-level label");
    SpfAnalysis malformed =
        analyze("a.example. TXT \"v=spf1a -all\"\na.example. TXT \" v=spf1 -all\"", "a.example");
    assertThat(malformed.status()).isEqualTo(SpfAnalysis.Status.NONE);
    assertThat(malformed.malformedVersions()).hasSize(2);
  }

  @Test
  void analyze_hostileTree_bounded() {
    // every include points to two new names: without a bound this would be exponential
    StringBuilder zone = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      zone.append("n")
          .append(i)
          .append(".example. TXT \"v=spf1 include:n")
          .append(2 * i + 1)
          .append(".example include:n")
          .append(2 * i + 2)
          .append(".example -all\"\n");
    }
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(zone.toString());
    SpfAnalysis a = new SpfAnalyzer(dns, SpfLimits.RFC7208).analyze("n0.example");
    assertThat(a.has(Code.ANALYSIS_LIMIT)).isTrue();
    assertThat(dns.queryCount()).isLessThanOrEqualTo(SpfLimits.RFC7208.maxAnalysedRecords() + 1);
  }

  @Test
  void cidr_masksHostBits() throws Exception {
    assertThat(Cidr.of(java.net.InetAddress.getByName("192.0.2.77"), 24))
        .isEqualTo("ip4:192.0.2.0/24");
    assertThat(Cidr.of(java.net.InetAddress.getByName("2001:db8:1:2::5"), 48))
        .isEqualTo("ip6:2001:db8:1::/48");
    assertThat(Cidr.of(java.net.InetAddress.getByName("2001:0:0:1::"), 128))
        .isEqualTo("ip6:2001:0:0:1::");
  }
}
