// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.policy.PublicSuffixList;
import org.junit.jupiter.api.Test;

class ReverseDnsEnricherTest {

  /** A table of PTR and A answers that counts questions and concurrency. */
  static final class Table implements ReverseLookups {
    final Map<String, String> ptr = new ConcurrentHashMap<>();
    final Map<String, List<InetAddress>> a = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> ptrQueries = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long sleepMillis;
    volatile String hang = "";

    @Override
    public Answer<String> ptr(InetAddress address) {
      String key = address.getHostAddress();
      ptrQueries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (key.equals(hang)) {
          Thread.sleep(60_000);
        }
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer<>(ReverseDnsStatus.TEMPFAIL, List.of());
      } finally {
        inFlight.decrementAndGet();
      }
      if (key.startsWith("192.0.2.2")) {
        return new Answer<>(ReverseDnsStatus.TEMPFAIL, List.of());
      }
      String name = ptr.get(key);
      return name == null
          ? new Answer<>(ReverseDnsStatus.NONE, List.of())
          : new Answer<>(ReverseDnsStatus.FOUND, List.of(name + "."));
    }

    @Override
    public Answer<InetAddress> addresses(String name, boolean ipv6) {
      List<InetAddress> v = a.get(name);
      return v == null
          ? new Answer<>(ReverseDnsStatus.NONE, List.of())
          : new Answer<>(ReverseDnsStatus.FOUND, v);
    }
  }

  private static ReverseDnsEnricher enricher(Table t, int inFlight, Duration timeout) {
    return new ReverseDnsEnricher(
        t, PublicSuffixList.guava()::organizationalDomain, GeoIp.absent(), inFlight, timeout);
  }

  @Test
  void lookup_forwardConfirmedAndNotAndNone() {
    Table t = new Table();
    t.ptr.put("198.51.100.7", "o1.ptr2625.sendgrid.net");
    t.a.put("o1.ptr2625.sendgrid.net", List.of(InetAddresses.forString("198.51.100.7")));
    t.ptr.put("198.51.100.8", "mail.google.com");
    t.a.put("mail.google.com", List.of(InetAddresses.forString("192.0.2.99")));
    try (ReverseDnsEnricher e = enricher(t, 4, Duration.ofSeconds(5))) {
      IpFacts ok = e.lookup(InetAddresses.forString("198.51.100.7"));
      assertThat(ok.reverseDns()).isEqualTo(ReverseDnsStatus.FOUND);
      assertThat(ok.ptr()).isEqualTo("o1.ptr2625.sendgrid.net");
      assertThat(ok.baseDomain()).isEqualTo("sendgrid.net");
      assertThat(ok.forwardConfirmed()).isTrue();
      IpFacts forged = e.lookup(InetAddresses.forString("198.51.100.8"));
      assertThat(forged.forwardConfirmed()).isFalse();
      assertThat(forged.ptr()).isEqualTo("mail.google.com");
      assertThat(e.lookup(InetAddresses.forString("198.51.100.9")).reverseDns())
          .isEqualTo(ReverseDnsStatus.NONE);
      assertThat(e.lookup(InetAddresses.forString("192.0.2.20")).reverseDns())
          .isEqualTo(ReverseDnsStatus.TEMPFAIL);
    }
  }

  @Test
  void enrich_isConcurrentButBounded() {
    Table t = new Table();
    t.sleepMillis = 5;
    List<InetAddress> ips = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ips.add(InetAddresses.forString("10.0." + (i / 256) + "." + (i % 256)));
    }
    try (ReverseDnsEnricher e = enricher(t, 16, Duration.ofSeconds(5))) {
      Map<InetAddress, IpFacts> out = e.enrich(ips);
      assertThat(out).hasSize(400);
    }
    assertThat(t.maxInFlight.get()).isBetween(2, 16);
    assertThat(t.ptrQueries).hasSize(400).allSatisfy((k, v) -> assertThat(v.get()).isEqualTo(1));
  }

  @Test
  void enrich_anAddressThatHangsIsTempfailAfterTheTimeout() {
    Table t = new Table();
    t.hang = "203.0.113.1";
    try (ReverseDnsEnricher e = enricher(t, 4, Duration.ofMillis(300))) {
      Map<InetAddress, IpFacts> out =
          e.enrich(
              List.of(
                  InetAddresses.forString("203.0.113.1"), InetAddresses.forString("203.0.113.2")));
      assertThat(out.get(InetAddresses.forString("203.0.113.1")).reverseDns())
          .isEqualTo(ReverseDnsStatus.TEMPFAIL);
      assertThat(out.get(InetAddresses.forString("203.0.113.2")).reverseDns())
          .isEqualTo(ReverseDnsStatus.NONE);
    }
  }

  @Test
  void enrichment_looksEachAddressUpOncePerPeriod() {
    Table t = new Table();
    t.ptr.put("198.51.100.7", "o1.ptr2625.sendgrid.net");
    var clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    var cache = new InMemoryIpFactsCache();
    try (ReverseDnsEnricher e = enricher(t, 4, Duration.ofSeconds(5))) {
      Enrichment en = new Enrichment(e, cache, clock, Duration.ofDays(7), Duration.ofMinutes(30));
      InetAddress a = InetAddresses.forString("198.51.100.7");
      InetAddress fail = InetAddresses.forString("192.0.2.21");
      Enrichment.Result first = en.enrich(List.of(a, a, fail));
      assertThat(first.lookedUp()).isEqualTo(2);
      Enrichment.Result second = en.enrich(List.of(a, fail));
      assertThat(second.fromCache()).isEqualTo(2);
      assertThat(second.lookedUp()).isZero();
      clock.now = clock.now.plus(Duration.ofHours(1));
      assertThat(en.enrich(List.of(a, fail)).lookedUp()).isEqualTo(1); // the temporary failure
      clock.now = clock.now.plus(Duration.ofDays(8));
      assertThat(en.enrich(List.of(a)).lookedUp()).isEqualTo(1);
    }
    assertThat(t.ptrQueries.get("198.51.100.7").get()).isEqualTo(2);
    assertThat(t.ptrQueries.get("192.0.2.21").get()).isEqualTo(2);
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
