// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.dns.DnsResolverConfig;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.testing.KnotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverse-DNS enrichment of 10,000 distinct source IPs against a real authoritative server (Knot
 * DNS on loopback) serving their PTR records and the A records that confirm them: every address
 * enriched and forward-confirmed, each looked up exactly once, the second pass served from the
 * store's cache. The time is printed.
 */
class ReverseDnsEnrichmentIT {
  private static final int COUNT = 10_000;

  @TempDir Path data;

  /** Counts the questions per name on their way to the real resolver. */
  static final class Counting implements ReverseLookups {
    final ReverseLookups inner;
    final Map<String, AtomicInteger> ptr = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> forward = new ConcurrentHashMap<>();

    Counting(ReverseLookups inner) {
      this.inner = inner;
    }

    @Override
    public Answer<String> ptr(InetAddress address) {
      ptr.computeIfAbsent(address.getHostAddress(), k -> new AtomicInteger()).incrementAndGet();
      return inner.ptr(address);
    }

    @Override
    public Answer<InetAddress> addresses(String name, boolean ipv6) {
      forward.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      return inner.addresses(name, ipv6);
    }

    @Override
    public CompletableFuture<Answer<String>> ptrAsync(InetAddress address) {
      ptr.computeIfAbsent(address.getHostAddress(), k -> new AtomicInteger()).incrementAndGet();
      return inner.ptrAsync(address);
    }

    @Override
    public CompletableFuture<Answer<InetAddress>> addressesAsync(String name, boolean ipv6) {
      forward.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      return inner.addressesAsync(name, ipv6);
    }
  }

  @Test
  void enrich_tenThousandAddresses_allOnceAndConfirmed() throws Exception {
    StringBuilder reverse = new StringBuilder();
    StringBuilder forward = new StringBuilder();
    List<InetAddress> ips = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      int y = i / 250;
      int x = i % 250;
      reverse
          .append(x)
          .append('.')
          .append(y)
          .append(" PTR mta-")
          .append(y)
          .append('-')
          .append(x)
          .append(".outbound.sender.test.\n");
      forward
          .append("mta-")
          .append(y)
          .append('-')
          .append(x)
          .append(".outbound A 198.18.")
          .append(y)
          .append('.')
          .append(x)
          .append('\n');
      ips.add(InetAddress.getByName("198.18." + y + "." + x));
    }
    try (KnotServer knot =
            KnotServer.builder()
                .zone("18.198.in-addr.arpa", reverse.toString())
                .zone("sender.test", forward.toString())
                .start();
        ReportStore store = ReportStores.open(StoreConfig.inDataDir(data))) {
      DnsjavaResolver dns =
          new DnsjavaResolver(
              DnsResolverConfig.defaults()
                  .withServers(List.of(knot.address()))
                  .withCacheSize(0)
                  .withTimeout(Duration.ofSeconds(2), 2),
              Clock.systemUTC());
      Counting counting = new Counting(new DnsReverseLookups(dns));
      try (ReverseDnsEnricher enricher =
          new ReverseDnsEnricher(
              counting,
              PublicSuffixList.guava()::organizationalDomain,
              GeoIp.absent(),
              ReverseDnsEnricher.DEFAULT_IN_FLIGHT,
              ReverseDnsEnricher.DEFAULT_TIMEOUT)) {
        Enrichment enrichment =
            new Enrichment(enricher, new StoreIpFactsCache(store), Clock.systemUTC());
        long start = System.nanoTime();
        Enrichment.Result first = enrichment.enrich(ips);
        double seconds = (System.nanoTime() - start) / 1e9;
        long start2 = System.nanoTime();
        Enrichment.Result second = enrichment.enrich(ips);
        double seconds2 = (System.nanoTime() - start2) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "reverse-DNS enrichment of %d IPs against knotd: %.2f s (%.0f IPs/s, %d in flight);"
                + " second pass from the store cache: %.2f s%n",
            COUNT,
            seconds,
            COUNT / seconds,
            ReverseDnsEnricher.DEFAULT_IN_FLIGHT,
            seconds2);

        assertThat(first.lookedUp()).isEqualTo(COUNT);
        assertThat(first.facts()).hasSize(COUNT);
        assertThat(first.facts().values())
            .allSatisfy(
                f -> {
                  assertThat(f.reverseDns()).isEqualTo(ReverseDnsStatus.FOUND);
                  assertThat(f.forwardConfirmed()).as(f.ip().toString()).isTrue();
                  assertThat(f.baseDomain()).isEqualTo("sender.test");
                });
        IpFacts one = first.facts().get(InetAddress.getByName("198.18.7.42"));
        assertThat(one.ptr()).isEqualTo("mta-7-42.outbound.sender.test");
        assertThat(counting.ptr)
            .hasSize(COUNT)
            .allSatisfy((ip, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(counting.forward)
            .hasSize(COUNT)
            .allSatisfy((n, c) -> assertThat(c.get()).isEqualTo(1));

        assertThat(second.fromCache()).isEqualTo(COUNT);
        assertThat(second.lookedUp()).isZero();
        assertThat(second.facts()).isEqualTo(first.facts());
        assertThat(counting.ptr.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      }
    }
  }
}
