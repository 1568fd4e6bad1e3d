// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.dmarcpilot.testing.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code dmarcpilot check --dns} against a real DNS server (Knot DNS on a loopback port). */
class CheckCommandIT {
  private static KnotServer knot;

  @BeforeAll
  static void start() {
    knot =
        KnotServer.builder()
            .zone(
                "shop.test",
                """
                @            TXT   "v=spf1 include:_spf.esp.test mx ~all"
                @            MX    10 mx
                mx           A     192.0.2.25
                _dmarc       TXT   "v=DMARC1; p=none; rua=mailto:dmarc@shop.test"
                s1._domainkey CNAME s1.dkim.esp.test.
                slowsub      NS    ns.slowsub
                ns.slowsub   A     127.0.0.9
                parked       TXT   "v=spf1 -all"
                parked       MX    0 .
                _dmarc.parked TXT  "v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s"
                """)
            .zone(
                "esp.test",
                """
                _spf         TXT   "v=spf1 ip4:198.51.100.0/24 -all"
                s1.dkim      TXT   "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
                """)
            .zone("2.0.192.in-addr.arpa", "25 PTR mx.shop.test.\n")
            // the tree walk asks the TLD too (_dmarc.test): serve it, or knotd answers REFUSED
            .zone("test", "")
            .start();
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  private static String[] args(String... domains) {
    String[] base = {
      "check",
      "--dns",
      "127.0.0.1:" + knot.port(),
      "--timeout",
      "300",
      "--no-https",
      "--skip-tls",
      "--json"
    };
    String[] all = new String[base.length + domains.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(domains, 0, all, base.length, domains.length);
    return all;
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  @Test
  void check_realDns_findingsAndEspNamed() throws Exception {
    StringWriter out = new StringWriter();
    int exit = run(out, args("shop.test"));
    JsonNode d = new ObjectMapper().readTree(out.toString()).get("domains").get(0);
    assertThat(exit).as(out.toString()).isEqualTo(1);
    assertThat(d.get("dnsFailures")).isEmpty();
    assertThat(out.toString())
        .contains("dmarc.p-none")
        .contains("dnssec.unsigned")
        .contains("shop.test is not signed with DNSSEC")
        .doesNotContain("mx.smtp-error")
        .contains("via CNAME to s1.dkim.esp.test")
        .contains("2/10 DNS lookups");
    assertThat(d.get("recommendation").get("record").asText())
        .isEqualTo("v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:dmarc@shop.test");
  }

  /** A null MX (RFC 7505) from a real server is the root name: it is no mail host. */
  @Test
  void check_realDns_nullMxOfParkedDomain() throws Exception {
    StringWriter out = new StringWriter();
    int exit = run(out, args("--parked", "--no-common-selectors", "parked.shop.test"));
    JsonNode d = new ObjectMapper().readTree(out.toString()).get("domains").get(0);
    assertThat(d.get("dnsFailures")).as(out.toString()).isEmpty();
    assertThat(d.get("records").get("MX").get(0).asText()).isEqualTo("parked.shop.test MX 0 .");
    assertThat(out.toString())
        .contains("mx.null")
        .doesNotContain("mx.host-no-address")
        .doesNotContain("parked.mx");
    assertThat(exit).as(out.toString()).isLessThanOrEqualTo(1);
  }

  @Test
  void check_serverDoesNotAnswer_exit3() throws Exception {
    StringWriter out = new StringWriter();
    int exit = run(out, args("www.slowsub.shop.test"));
    assertThat(exit).isEqualTo(3);
    assertThat(out.toString()).contains("dns.tempfail");
  }
}
