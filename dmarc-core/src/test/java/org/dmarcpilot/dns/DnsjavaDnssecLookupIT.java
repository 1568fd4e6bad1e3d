// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.dmarcpilot.testing.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsjavaDnssecLookup} against Knot DNS on a loopback port: a zone knotd signs (DNSKEY and
 * RRSIG verify), an unsigned zone, a zone with keys and signatures that do not verify, TLSA records
 * for DANE, and a server that does not answer.
 */
class DnsjavaDnssecLookupIT {
  private static final String TLSA_HASH =
      "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6";
  private static KnotServer knot;
  private static DnsjavaDnssecLookup lookup;

  @BeforeAll
  static void start() {
    String fake64 = Base64.getEncoder().encodeToString(new byte[64]);
    knot =
        KnotServer.builder()
            .signedZone(
                "signed.test",
                """
                @ MX 10 mx
                mx A 127.0.0.25
                _25._tcp.mx TLSA 3 1 1 %s
                """
                    .formatted(TLSA_HASH))
            .zone(
                "plain.test",
                """
                @ MX 10 mx
                mx A 127.0.0.26
                _25._tcp.mx TLSA 3 1 1 %s
                """
                    .formatted(TLSA_HASH))
            .zone(
                "bogus.test",
                """
                @ SOA ns.bogus.test. hostmaster.bogus.test. 1 3600 900 604800 60
                @ NS ns.bogus.test.
                ns A 127.0.0.1
                @ DNSKEY 257 3 13 %s
                @ RRSIG SOA 13 2 300 20300101000000 20200101000000 4711 bogus.test. %s
                """
                    .formatted(fake64, fake64))
            .start();
    lookup =
        new DnsjavaDnssecLookup(
            DnsResolverConfig.defaults()
                .withServers(List.of(knot.address()))
                .withTimeout(Duration.ofSeconds(2), 0),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  @Test
  void signedZone_verifies() {
    ZoneSigning z = lookup.zoneSigning("signed.test");
    assertThat(z.status()).as(z + "\n" + knot.log()).isEqualTo(DnssecStatus.SIGNED);
    assertThat(z.zone()).isEqualTo("signed.test");
    assertThat(z.soa()).startsWith("signed.test SOA ns.signed.test. hostmaster.signed.test.");
    assertThat(z.evidence()).anySatisfy(e -> assertThat(e).contains("DNSKEY -> "));
  }

  @Test
  void nameInsideTheZone_findsTheZoneApex() {
    ZoneSigning z = lookup.zoneSigning("MX.Signed.Test.");
    assertThat(z.zone()).isEqualTo("signed.test");
    assertThat(z.status()).isEqualTo(DnssecStatus.SIGNED);
  }

  @Test
  void unsignedZone() {
    ZoneSigning z = lookup.zoneSigning("plain.test");
    assertThat(z.status()).isEqualTo(DnssecStatus.UNSIGNED);
    assertThat(z.evidence()).contains("plain.test DNSKEY -> none");
  }

  @Test
  void keysWithoutValidSignatures_areInvalid() {
    ZoneSigning z = lookup.zoneSigning("bogus.test");
    assertThat(z.status()).as(z.toString()).isEqualTo(DnssecStatus.INVALID);
    assertThat(z.detail()).isNotBlank();
  }

  @Test
  void tlsa_signedAndUnsigned() {
    TlsaAnswer signed = lookup.tlsa("_25._tcp.mx.signed.test");
    assertThat(signed.status()).isEqualTo(DnsStatus.OK);
    assertThat(signed.records()).containsExactly("3 1 1 " + TLSA_HASH);
    assertThat(signed.signed()).isTrue();
    TlsaAnswer unsigned = lookup.tlsa("_25._tcp.mx.plain.test");
    assertThat(unsigned.signed()).isFalse();
    assertThat(unsigned.records()).hasSize(1);
    assertThat(lookup.tlsa("_25._tcp.nothere.plain.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(lookup.tlsa("mx.plain.test").status()).isEqualTo(DnsStatus.NODATA);
  }

  @Test
  void silentServer_isTempfail() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DnsjavaDnssecLookup dead =
        new DnsjavaDnssecLookup(
            DnsResolverConfig.defaults()
                .withServers(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
                .withTimeout(Duration.ofMillis(500), 0),
            Clock.systemUTC());
    assertThat(dead.zoneSigning("signed.test").status()).isEqualTo(DnssecStatus.TEMPFAIL);
    assertThat(dead.tlsa("_25._tcp.mx.signed.test").status()).isEqualTo(DnsStatus.TEMPFAIL);
  }
}
