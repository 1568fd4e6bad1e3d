// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.RecordType;
import org.dmarcpilot.dns.ResourceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishedRecordsTest {
  private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  private static final InMemoryDnsResolver DNS =
      InMemoryDnsResolver.fromZone(
          """
          _dmarc.one.example.     300 IN TXT "v=DMARC1; p=quarantine; rua=mailto:a@one.example"
          _dmarc.two.example.     300 IN TXT "v=DMARC1; p=none"
          _dmarc.two.example.     300 IN TXT "v=DMARC1; p=reject"
          _dmarc.other.example.   300 IN TXT "google-site-verification=abc"
          nodata.example.         300 IN TXT "v=spf1 -all"
          _dmarc.nodata.example.  300 IN A 192.0.2.1
          _dmarc.slow.example.    TIMEOUT
          """);

  /** A clock tests move by hand. */
  private static final class MovingClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void lookup_oneRecord_found() {
    PublishedRecord r = PublishedRecords.lookup(DNS, "One.Example.", NOW);
    assertThat(r.status()).isEqualTo(PublishedRecord.Status.FOUND);
    assertThat(r.domain()).isEqualTo("one.example");
    assertThat(r.text()).isEqualTo("v=DMARC1; p=quarantine; rua=mailto:a@one.example");
    assertThat(r.name()).isEqualTo("_dmarc.one.example");
    assertThat(r.checkedAt()).isEqualTo(NOW);
  }

  @Test
  void lookup_twoRecords_severalAndNoText() {
    PublishedRecord r = PublishedRecords.lookup(DNS, "two.example", NOW);
    assertThat(r.status()).isEqualTo(PublishedRecord.Status.SEVERAL);
    assertThat(r.records()).hasSize(2);
    assertThat(r.text()).isNull();
    assertThat(r.describe()).contains("2 DMARC records");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "missing.example, NXDOMAIN, does not exist (NXDOMAIN)",
    "nodata.example,  NODATA,   has no TXT record (NODATA)",
    "other.example,   OK,       none starts with v=DMARC1",
  })
  void lookup_noDmarcRecord_noneWithTheDnsStatus(String domain, DnsStatus dns, String words) {
    PublishedRecord r = PublishedRecords.lookup(DNS, domain, NOW);
    assertThat(r.status()).isEqualTo(PublishedRecord.Status.NONE);
    assertThat(r.dns()).isEqualTo(dns);
    assertThat(r.text()).isNull();
    assertThat(r.describe()).contains(words);
  }

  @Test
  void lookup_timeout_failedWithTheReason() {
    PublishedRecord r = PublishedRecords.lookup(DNS, "slow.example", NOW);
    assertThat(r.status()).isEqualTo(PublishedRecord.Status.FAILED);
    assertThat(r.dns()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(r.detail()).isNotEmpty();
    assertThat(r.describe()).startsWith("DNS did not answer for _dmarc.slow.example");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v=DMARC1; p=none | true",
        "v=DMARC1 | true",
        "V = DMARC1;p=none | true",
        "v=DMARC10; p=none | false",
        "v=spf1 -all | false",
        "p=none; v=DMARC1 | false",
      })
  void isDmarc(String txt, boolean expected) {
    assertThat(PublishedRecords.isDmarc(txt)).isEqualTo(expected);
  }

  @Test
  void text_neverWaits_answersOnceTheBackgroundLookupIsDone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DnsResolver blocked =
        new DnsResolver() {
          @Override
          public DnsAnswer<ResourceData> query(String name, RecordType type) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return DNS.query(name, type);
          }
        };
    try (PublishedRecords records =
        new PublishedRecords(blocked, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5))) {
      long t0 = System.nanoTime();
      assertThat(records.text("one.example")).isNull();
      assertThat(records.text("one.example")).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(records.cached("one.example")).isEmpty();
      release.countDown();
      PublishedRecord r = records.refresh("one.example");
      assertThat(r.status()).isEqualTo(PublishedRecord.Status.FOUND);
      assertThat(records.text("one.example")).startsWith("v=DMARC1; p=quarantine");
    }
  }

  @Test
  void refresh_slowDns_givesUpAfterTheTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    DnsResolver hanging =
        new DnsResolver() {
          @Override
          public DnsAnswer<ResourceData> query(String name, RecordType type) {
            try {
              never.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return DnsAnswer.tempfail(name, type, "interrupted");
          }
        };
    try (PublishedRecords records =
        new PublishedRecords(hanging, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(200))) {
      PublishedRecord r = records.refresh("one.example");
      assertThat(r.status()).isEqualTo(PublishedRecord.Status.FAILED);
      assertThat(r.detail()).isEqualTo("no answer within 200 ms");
    } finally {
      never.countDown();
    }
  }

  @Test
  void current_keepsAnswersForFiveMinutesThenLooksUpAgain() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone("_dmarc.one.example. 300 IN TXT \"v=DMARC1; p=none\"\n");
    MovingClock clock = new MovingClock();
    try (PublishedRecords records = new PublishedRecords(dns, clock, Duration.ofSeconds(5))) {
      PublishedRecord first = records.current("one.example");
      assertThat(records.current("one.example")).isSameAs(first);
      assertThat(dns.queryCount("_dmarc.one.example")).isEqualTo(1);
      clock.now = NOW.plus(PublishedRecords.FRESH).minusSeconds(1);
      assertThat(records.current("one.example")).isSameAs(first);
      clock.now = NOW.plus(PublishedRecords.FRESH);
      PublishedRecord second = records.current("one.example");
      assertThat(second).isNotSameAs(first);
      assertThat(second.checkedAt()).isEqualTo(clock.now);
      assertThat(dns.queryCount("_dmarc.one.example")).isEqualTo(2);
      assertThat(records.refresh("one.example")).isNotSameAs(second);
      assertThat(dns.queryCount("_dmarc.one.example")).isEqualTo(3);
    }
  }

  @Test
  void current_failuresAreKeptOnlyBriefly() {
    MovingClock clock = new MovingClock();
    try (PublishedRecords records = new PublishedRecords(DNS, clock, Duration.ofSeconds(5))) {
      DNS.resetQueries();
      PublishedRecord failed = records.current("slow.example");
      assertThat(failed.status()).isEqualTo(PublishedRecord.Status.FAILED);
      assertThat(records.current("slow.example")).isSameAs(failed);
      clock.now = NOW.plus(PublishedRecords.FAILED_FRESH);
      assertThat(records.current("slow.example")).isNotSameAs(failed);
      assertThat(DNS.queryCount("_dmarc.slow.example")).isEqualTo(2);
    }
  }
}
