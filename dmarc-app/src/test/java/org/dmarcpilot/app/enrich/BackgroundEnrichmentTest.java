// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.policy.PublicSuffixList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background enrichment over a real store (embedded DuckDB) and the real reverse-DNS path on an
 * in-memory zone: the addresses of stored reports are looked up in bounded runs, once, and new
 * reports' addresses are picked up by the next run.
 */
class BackgroundEnrichmentTest {
  private static final String ZONE =
      """
      1.2.0.192.in-addr.arpa.   3600 IN PTR mail.example.com.
      mail.example.com.         3600 IN A   192.0.2.1
      2.2.0.192.in-addr.arpa.   3600 IN PTR x.example.net.
      """;

  @Test
  void runs_lookUpStoredAddressesInBoundedRunsOnceAndPickUpNewOnes(@TempDir Path dir) {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    Clock clock = Clock.systemUTC();
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir));
        ReverseDnsEnricher enricher =
            new ReverseDnsEnricher(
                new DnsReverseLookups(dns),
                PublicSuffixList.guava()::organizationalDomain,
                GeoIp.absent(),
                4,
                Duration.ofSeconds(5))) {
      // 5 distinct addresses 192.0.2.1 .. 192.0.2.5
      store.storeAll(
          List.of(TestReports.incoming(TestReports.simple("r.example", "a", "example.com", 0, 5))));
      StoreIpFactsCache cache = new StoreIpFactsCache(store);
      AtomicInteger told = new AtomicInteger();
      BackgroundEnrichment bg =
          new BackgroundEnrichment(
              new Enrichment(enricher, cache, clock), cache, told::incrementAndGet, clock, 2, 3);
      try {
        assertThat(bg.runOnce()).as("bounded by maxPerRun").isEqualTo(3);
        assertThat(told.get()).isEqualTo(1);
        assertThat(bg.runOnce()).isEqualTo(2);
        assertThat(bg.runOnce()).as("nothing left").isZero();
        assertThat(told.get()).isEqualTo(2);
        var one = InetAddresses.forString("192.0.2.1");
        IpFacts f = cache.find(List.of(one), Instant.now()).get(one);
        assertThat(f.ptr()).isEqualTo("mail.example.com");
        assertThat(f.forwardConfirmed()).isTrue();
        var three = InetAddresses.forString("192.0.2.3");
        assertThat(cache.find(List.of(three), Instant.now()).get(three).reverseDns())
            .isEqualTo(ReverseDnsStatus.NONE);
        int asked = dns.queryCount();

        store.storeAll(
            List.of(
                TestReports.incoming(TestReports.simple("r.example", "b", "example.com", 1, 7))));
        assertThat(bg.runOnce()).as("only the two new addresses").isEqualTo(2);
        assertThat(bg.lookedUp()).isEqualTo(7);
        assertThat(bg.runOnce()).isZero();
        assertThat(dns.queryCount()).isGreaterThan(asked);
      } finally {
        bg.close();
      }
    }
  }
}
