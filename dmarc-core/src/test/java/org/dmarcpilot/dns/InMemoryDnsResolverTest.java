// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InMemoryDnsResolverTest {
  private static final InMemoryDnsResolver DNS =
      InMemoryDnsResolver.fromZone(
          """
          $ORIGIN example.com.
          $TTL 600
          @            IN  MX   10 mail
          @            IN  TXT  "v=spf1 " "ip4:192.0.2.0/24 -all"
          mail         300 IN A 192.0.2.25
          mail             AAAA 2001:db8::25
          _dmarc       TXT  "v=DMARC1; p=reject"
          a.b.c        A    192.0.2.1          ; b.c and c are empty non-terminals
          alias        CNAME mail
          alias2       CNAME alias.example.com.
          loop1        CNAME loop2
          loop2        CNAME loop1
          dangling     CNAME nowhere.example.org.
          slow         TIMEOUT
          to-slow      CNAME slow
          *.wild       TXT  "wildcard"
          exact.wild   TXT  "exact"
          long         TXT  ( "part one"
                              "part two" )
          esc          TXT  "say \\"hi\\"" "back\\\\slash" "\\065BC"
          # a comment in the style of other suites
          old          SPF  "v=spf1 -all"
          nomail       MX   0 .
          4.3.2.1.in-addr.arpa. PTR mail.example.com.
          """);

  @Test
  void query_undeclaredName_nxdomain() {
    assertThat(DNS.txt("nothing.example.com").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(DNS.txt("example.org").status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void query_declaredNameOtherType_nodata() {
    assertThat(DNS.a("example.com").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(DNS.txt("mail.example.com").status()).isEqualTo(DnsStatus.NODATA);
  }

  @ParameterizedTest
  @CsvSource({"b.c.example.com", "c.example.com", "com", "arpa", "in-addr.arpa"})
  void query_emptyNonTerminal_nodata(String name) {
    assertThat(DNS.txt(name).status()).isEqualTo(DnsStatus.NODATA);
    assertThat(DNS.exists(name)).isTrue();
  }

  @Test
  void txt_multiString_keepsStringsAndJoins() {
    TxtData t = DNS.txt("EXAMPLE.com.").values().get(0);
    assertThat(t.strings()).containsExactly("v=spf1 ", "ip4:192.0.2.0/24 -all");
    assertThat(t.octets()).containsExactly(7, 21);
    assertThat(t.text()).isEqualTo("v=spf1 ip4:192.0.2.0/24 -all");
    assertThat(DNS.txt("long.example.com").values().get(0).strings())
        .containsExactly("part one", "part two");
  }

  @Test
  void txt_escapes() {
    assertThat(DNS.txt("esc.example.com").values().get(0).strings())
        .containsExactly("say \"hi\"", "back\\slash", "ABC");
  }

  @Test
  void query_ttlAndOrigin() throws Exception {
    DnsAnswer<InetAddress> a = DNS.a("mail.example.com");
    assertThat(a.values()).containsExactly(InetAddress.getByName("192.0.2.25"));
    assertThat(a.ttlSeconds()).isEqualTo(300);
    assertThat(DNS.aaaa("mail.example.com").values())
        .containsExactly(InetAddress.getByName("2001:db8::25"));
    assertThat(DNS.txt("_dmarc.example.com").ttlSeconds()).isEqualTo(600);
  }

  @Test
  void query_cnameChainFollowed() {
    DnsAnswer<InetAddress> a = DNS.a("alias2.example.com");
    assertThat(a.status()).isEqualTo(DnsStatus.OK);
    assertThat(a.cnameChain()).containsExactly("alias.example.com", "mail.example.com");
    assertThat(a.canonicalName()).isEqualTo("mail.example.com");
    assertThat(DNS.cname("alias2.example.com").values()).containsExactly("alias.example.com");
  }

  @Test
  void query_cnameToMissingName_nxdomainWithChain() {
    DnsAnswer<TxtData> t = DNS.txt("dangling.example.com");
    assertThat(t.status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(t.cnameChain()).containsExactly("nowhere.example.org");
  }

  @Test
  void query_cnameLoop_tempfail() {
    DnsAnswer<TxtData> t = DNS.txt("loop1.example.com");
    assertThat(t.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(t.detail()).contains("loop");
  }

  @Test
  void query_timeoutMarker_tempfailAlsoThroughCname() {
    assertThat(DNS.a("slow.example.com").status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(DNS.txt("to-slow.example.com").status()).isEqualTo(DnsStatus.TEMPFAIL);
  }

  @Test
  void query_wildcard_synthesisesForNamesThatDoNotExist() {
    assertThat(DNS.txt("anything.wild.example.com").values().get(0).text()).isEqualTo("wildcard");
    assertThat(DNS.txt("a.b.wild.example.com").values().get(0).text()).isEqualTo("wildcard");
    assertThat(DNS.txt("exact.wild.example.com").values().get(0).text()).isEqualTo("exact");
    // an existing name is not covered by the wildcard (RFC 4592)
    assertThat(DNS.a("exact.wild.example.com").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(DNS.txt("below.exact.wild.example.com").status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void query_spfTypeAndNullMxAndPtr() throws Exception {
    assertThat(DNS.query("old.example.com", RecordType.SPF).values()).hasSize(1);
    assertThat(DNS.txt("old.example.com").status()).isEqualTo(DnsStatus.NODATA);
    MxData mx = DNS.mx("nomail.example.com").values().get(0);
    assertThat(mx.isNullMx()).isTrue();
    assertThat(DNS.ptr(InetAddress.getByName("1.2.3.4")).values())
        .containsExactly("mail.example.com");
  }

  @Test
  void queries_areCounted() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone("a.example. A 192.0.2.1");
    dns.a("a.example");
    dns.txt("A.EXAMPLE.");
    dns.txt("b.example");
    assertThat(dns.queryCount()).isEqualTo(3);
    assertThat(dns.queryCount("a.example")).isEqualTo(2);
    assertThat(dns.queries())
        .containsExactly(
            new InMemoryDnsResolver.Query("a.example", RecordType.A),
            new InMemoryDnsResolver.Query("a.example", RecordType.TXT),
            new InMemoryDnsResolver.Query("b.example", RecordType.TXT));
    dns.resetQueries();
    assertThat(dns.queryCount()).isZero();
  }

  @Test
  void empty_everythingNxdomain() {
    assertThat(InMemoryDnsResolver.empty().txt("com").status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com. TXT \"unterminated| line 1: unterminated quoted string",
        "example.com. TXTT \"x\"| line 1: unknown record type \"TXTT\"",
        "example.com. A 1.2.3| line 1: not an A address",
        "example.com. MX 10| line 1: MX needs 2 field(s), found 1",
        "$INCLUDE other.zone| line 1: unsupported directive",
        "bad..name. A 1.2.3.4| line 1: not a valid domain name",
        "'  A 1.2.3.4'| line 1: no owner name",
        "x. TXT| line 1: TXT record for x has no strings",
        "x. 99999999999 TXT \"a\"| line 1: TTL too large",
      })
  void parse_errorsNameTheLine(String zone, String message) {
    assertThatThrownBy(() -> InMemoryDnsResolver.parse(zone.replace("\\n", "\n")))
        .isInstanceOf(ZoneSyntaxException.class)
        .hasMessageContaining(message);
  }

  @Test
  void parse_errorLineCountsBlankAndContinuedLines() {
    assertThatThrownBy(
            () -> InMemoryDnsResolver.parse("\n; c\nx. TXT ( \"a\"\n \"b\" )\ny. A (1.2.3.4"))
        .isInstanceOf(ZoneSyntaxException.class)
        .hasMessage("line 5: '(' without ')'")
        .extracting(e -> ((ZoneSyntaxException) e).line())
        .isEqualTo(5);
  }

  @Test
  void fromZone_invalid_illegalArgument() {
    assertThatThrownBy(() -> InMemoryDnsResolver.fromZone("x. BOGUS-TYPE-@ 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zone text: line 1");
  }

  @Test
  void parse_unservedTypesMakeTheNameExist() throws Exception {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.parse(
            "_25._tcp.mx.example. TLSA 3 1 1 abcd\nx.example. CAA 0 issue \"ca\"");
    assertThat(dns.txt("_25._tcp.mx.example").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(dns.txt("x.example").status()).isEqualTo(DnsStatus.NODATA);
  }

  @Test
  void parse_ttlUnitsAndClassOrder() throws Exception {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.parse("a.example. IN 1h30m A 192.0.2.1\nb.example. 2d IN A 192.0.2.2");
    assertThat(dns.a("a.example").ttlSeconds()).isEqualTo(5400);
    assertThat(dns.a("b.example").ttlSeconds()).isEqualTo(172800);
  }

  @Test
  void addresses_convenience() throws Exception {
    assertThat(DNS.addresses("mail.example.com"))
        .isEqualTo(
            List.of(InetAddress.getByName("192.0.2.25"), InetAddress.getByName("2001:db8::25")));
  }
}
