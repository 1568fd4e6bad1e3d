// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.testing.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsjavaResolver} against a real authoritative server (Knot DNS on a loopback port): TCP
 * fallback for answers over 512 bytes, multi-string TXT, CNAME chains across zones, NXDOMAIN
 * against NODATA, REFUSED, referrals to a second server, and a delegation to a server that does not
 * answer (TEMPFAIL within the configured timeout).
 */
class DnsjavaResolverIT {
  private static final InetAddress SECOND = address("127.0.0.2");
  private static final InetAddress SILENT = address("127.0.0.3");

  private static KnotServer knot;
  private static KnotServer delegated;
  private static DatagramSocket silentUdp;
  private static ServerSocket silentTcp;
  private static final List<Socket> accepted = new ArrayList<>();

  private static String strings(int count, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append('"').append(String.valueOf((char) ('a' + i % 26)).repeat(length)).append("\" ");
    }
    return sb.toString();
  }

  private static InetAddress address(String ip) {
    return IpAddresses.parse(ip).orElseThrow();
  }

  @BeforeAll
  static void start() throws IOException {
    knot =
        KnotServer.builder()
            .zone(
                "example.test",
                """
                big       TXT  %s
                huge      TXT  %s
                multi     TXT  "v=spf1 " "ip4:192.0.2.0/24" " -all"
                a.b       A    192.0.2.1
                mail      A    192.0.2.25
                mail      AAAA 2001:db8::25
                @         MX   10 mail
                nomail    MX   0 .
                c1        CNAME c2
                c2        CNAME c3.other.test.
                loop1     CNAME loop2
                loop2     CNAME loop1
                second    NS   ns.second
                ns.second A    127.0.0.2
                silent    NS   ns.silent
                ns.silent A    127.0.0.3
                """
                    .formatted(strings(3, 240), strings(12, 250)))
            .zone("other.test", "c3 TXT \"end of the chain\"\n")
            .zone("2.0.192.in-addr.arpa", "25 PTR mail.example.test.\n")
            .start();
    delegated =
        KnotServer.builder()
            .listen(SECOND)
            .port(knot.port())
            .zone("second.example.test", "www TXT \"from the delegated server\"\n")
            .start();
    // a server that takes queries and never answers
    silentUdp = new DatagramSocket(new InetSocketAddress(SILENT, knot.port()));
    silentTcp = new ServerSocket();
    silentTcp.bind(new InetSocketAddress(SILENT, knot.port()));
    Thread swallow =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              while (!silentUdp.isClosed()) {
                try {
                  silentUdp.receive(new DatagramPacket(buf, buf.length));
                } catch (IOException e) {
                  return;
                }
              }
            });
    swallow.setDaemon(true);
    swallow.start();
    Thread accept =
        new Thread(
            () -> {
              while (!silentTcp.isClosed()) {
                try {
                  synchronized (accepted) {
                    accepted.add(silentTcp.accept());
                  }
                } catch (IOException e) {
                  return;
                }
              }
            });
    accept.setDaemon(true);
    accept.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (silentUdp != null) {
      silentUdp.close();
    }
    if (silentTcp != null) {
      silentTcp.close();
    }
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
    if (delegated != null) {
      delegated.close();
    }
    if (knot != null) {
      knot.close();
    }
  }

  private static DnsjavaResolver resolver(DnsResolverConfig config) {
    return new DnsjavaResolver(
        config.withServers(List.of(knot.address())).withTimeout(Duration.ofMillis(400), 1),
        Clock.systemUTC());
  }

  private static DnsjavaResolver resolver() {
    return resolver(DnsResolverConfig.defaults());
  }

  @Test
  void txt_over512BytesWithoutEdns_tcpFallback() {
    DnsAnswer<TxtData> a =
        resolver(DnsResolverConfig.defaults().withEdnsPayloadSize(0)).txt("big.example.test");
    assertThat(a.status()).isEqualTo(DnsStatus.OK);
    TxtData t = a.values().get(0);
    assertThat(t.strings()).hasSize(3);
    assertThat(t.octets()).containsExactly(240, 240, 240);
    assertThat(t.text()).hasSize(720);
  }

  @Test
  void txt_overEdnsPayload_tcpFallback() {
    DnsAnswer<TxtData> a = resolver().txt("huge.example.test");
    assertThat(a.status()).isEqualTo(DnsStatus.OK);
    assertThat(a.values().get(0).totalOctets()).isEqualTo(3000);
    assertThat(a.values().get(0).strings()).hasSize(12);
  }

  @Test
  void txt_multiString() {
    TxtData t = resolver().txt("multi.example.test").values().get(0);
    assertThat(t.strings()).containsExactly("v=spf1 ", "ip4:192.0.2.0/24", " -all");
    assertThat(t.text()).isEqualTo("v=spf1 ip4:192.0.2.0/24 -all");
  }

  @Test
  void cnameChainAcrossZones() {
    DnsAnswer<TxtData> a = resolver().txt("c1.example.test");
    assertThat(a.status()).isEqualTo(DnsStatus.OK);
    assertThat(a.cnameChain()).containsExactly("c2.example.test", "c3.other.test");
    assertThat(a.values().get(0).text()).isEqualTo("end of the chain");
    assertThat(resolver().cname("c1.example.test").values()).containsExactly("c2.example.test");
  }

  @Test
  void queryAsync_manyQuestionsOutAtOnceFromOneThread() throws Exception {
    DnsjavaResolver dns = resolver(DnsResolverConfig.defaults().withCacheSize(0));
    InetAddress mail = InetAddress.getByName("192.0.2.25");
    List<CompletableFuture<DnsAnswer<String>>> ptrs = new ArrayList<>();
    List<CompletableFuture<DnsAnswer<TxtData>>> missing = new ArrayList<>();
    List<CompletableFuture<DnsAnswer<TxtData>>> chains = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ptrs.add(dns.ptrAsync(mail));
      missing.add(
          dns.queryAsync("n" + i + ".example.test", RecordType.TXT)
              .thenApply(a -> a.narrow(TxtData.class)));
      chains.add(
          dns.queryAsync("c1.example.test", RecordType.TXT)
              .thenApply(a -> a.narrow(TxtData.class)));
    }
    CompletableFuture<DnsAnswer<TxtData>> big =
        resolver(DnsResolverConfig.defaults().withEdnsPayloadSize(0).withCacheSize(0))
            .queryAsync("big.example.test", RecordType.TXT)
            .thenApply(a -> a.narrow(TxtData.class));
    for (CompletableFuture<DnsAnswer<String>> f : ptrs) {
      assertThat(f.get(10, TimeUnit.SECONDS).values()).containsExactly("mail.example.test");
    }
    for (CompletableFuture<DnsAnswer<TxtData>> f : missing) {
      assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.NXDOMAIN);
    }
    for (CompletableFuture<DnsAnswer<TxtData>> f : chains) {
      DnsAnswer<TxtData> a = f.get(10, TimeUnit.SECONDS);
      assertThat(a.cnameChain()).containsExactly("c2.example.test", "c3.other.test");
      assertThat(a.values().get(0).text()).isEqualTo("end of the chain");
    }
    assertThat(big.get(10, TimeUnit.SECONDS).values().get(0).text()).hasSize(720); // over TCP
  }

  @Test
  void cnameLoop_tempfail() {
    DnsAnswer<TxtData> a = resolver().txt("loop1.example.test");
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("loop");
  }

  @Test
  void nxdomainVersusNodata() {
    DnsjavaResolver dns = resolver();
    assertThat(dns.txt("nope.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(dns.a("multi.example.test").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(dns.txt("b.example.test").status())
        .isEqualTo(DnsStatus.NODATA); // empty non-terminal
    assertThat(dns.txt("x.c1.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(dns.txt("nope.example.test").ttlSeconds()).isEqualTo(60);
  }

  @Test
  void addressMxPtr() throws Exception {
    DnsjavaResolver dns = resolver();
    assertThat(dns.a("mail.example.test").values())
        .containsExactly(InetAddress.getByName("192.0.2.25"));
    assertThat(dns.aaaa("mail.example.test").values())
        .containsExactly(InetAddress.getByName("2001:db8::25"));
    assertThat(dns.mx("example.test").values())
        .containsExactly(new MxData(10, "mail.example.test"));
    assertThat(dns.ptr(InetAddress.getByName("192.0.2.25")).values())
        .containsExactly("mail.example.test");
  }

  @Test
  void mx_nullMx_emptyExchange() {
    DnsAnswer<MxData> mx = resolver().mx("nomail.example.test");
    assertThat(mx.status()).isEqualTo(DnsStatus.OK);
    assertThat(mx.values()).containsExactly(new MxData(0, ""));
    assertThat(mx.values().get(0).isNullMx()).isTrue();
    assertThat(mx.values().get(0).presentation()).isEqualTo("0 .");
  }

  @Test
  void refusedOutsideTheZones_tempfail() {
    DnsAnswer<TxtData> a = resolver().txt("example.org");
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("REFUSED");
  }

  @Test
  void referralToAnotherServer_followed() {
    DnsAnswer<TxtData> a = resolver().txt("www.second.example.test");
    assertThat(a.status()).isEqualTo(DnsStatus.OK);
    assertThat(a.values().get(0).text()).isEqualTo("from the delegated server");
  }

  @Test
  void delegationToServerThatDoesNotAnswer_tempfailWithinTimeout() {
    DnsjavaResolver dns =
        new DnsjavaResolver(
            DnsResolverConfig.defaults()
                .withServers(List.of(knot.address()))
                .withTimeout(Duration.ofMillis(300), 1),
            Clock.systemUTC());
    long start = System.nanoTime();
    DnsAnswer<TxtData> a = dns.txt("www.silent.example.test");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("timeout").contains("127.0.0.3");
    // two attempts of 300 ms each, plus the referral; never the 10 s dnsjava default
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(550))
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void noServer_tempfail() throws IOException {
    int closedPort;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(SECOND, 0))) {
      closedPort = s.getLocalPort();
    }
    DnsjavaResolver dns =
        new DnsjavaResolver(
            DnsResolverConfig.defaults()
                .withServers(List.of(new InetSocketAddress(SILENT, closedPort)))
                .withTimeout(Duration.ofMillis(200), 0),
            Clock.systemUTC());
    assertThat(dns.txt("example.test").status()).isEqualTo(DnsStatus.TEMPFAIL);
  }

  @Test
  void cache_answersRepeatedQuestionsWithoutTheServer() throws Exception {
    DnsjavaResolver dns = resolver();
    assertThat(dns.txt("multi.example.test").isOk()).isTrue();
    assertThat(dns.txt("nope.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    // a second server that goes away: the cached answers do not need it
    KnotServer other = KnotServer.builder().zone("cache.test", "x TXT \"x\"\n").start();
    DnsjavaResolver cached;
    try {
      cached =
          new DnsjavaResolver(
              DnsResolverConfig.defaults()
                  .withServers(List.of(other.address()))
                  .withTimeout(Duration.ofMillis(300), 0),
              Clock.systemUTC());
      assertThat(cached.txt("x.cache.test").isOk()).isTrue();
    } finally {
      other.close();
    }
    assertThat(cached.txt("x.cache.test").isOk()).isTrue();
    assertThat(cached.txt("y.cache.test").status()).isEqualTo(DnsStatus.TEMPFAIL);
  }
}
