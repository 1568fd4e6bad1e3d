// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.PublishedRecord;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.analysis.Stage;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.AuditSection;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.check.Finding;
import org.dmarcpilot.check.Severity;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.RecordType;
import org.dmarcpilot.dns.ResourceData;
import org.junit.jupiter.api.Test;

class LiveRecordCheckTest {
  private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final String ZONE =
      """
      example.com.            300 IN TXT "v=spf1 ip4:192.0.2.0/24 ~all"
      _dmarc.example.com.     300 IN TXT "v=DMARC1; p=none; rua=mailto:agg@example.com"
      sel1._domainkey.example.com. 300 IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwqr1"
      nodmarc.example.        300 IN TXT "v=spf1 -all"
      _dmarc.slow.example.    TIMEOUT
      slow.example.           300 IN TXT "v=spf1 -all"
      """;

  private static final String NEXT =
      "v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:agg@example.com";

  private static DomainAdvice advice(String domain) {
    Advice a =
        new Advice(
            domain,
            Stage.MONITOR,
            "p=none",
            List.of(),
            false,
            true,
            Stage.QUARANTINE_TESTING,
            NEXT,
            List.of(),
            "ready");
    LocalDate d = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    return new DomainAdvice(a, d, d, AdvisorThresholds.DEFAULTS, List.of(), NOW, null);
  }

  private static LiveRecordCheck check(DnsResolver dns, Function<String, List<String>> sel) {
    return new LiveRecordCheck(
        new PublishedRecords(dns, CLOCK, Duration.ofSeconds(5)),
        new DomainAudit(dns, AuditOptions.defaults()),
        sel,
        LiveRecordCheckTest::advice,
        CLOCK,
        Duration.ofSeconds(10));
  }

  @Test
  void check_publishedRecord_findingsSelectorsAndTheNextRecordBesideIt() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    try (LiveRecordCheck live = check(dns, d -> List.of("sel1", "gone"))) {
      LiveRecord r = live.check("example.com");
      assertThat(r.dmarc().status()).isEqualTo(PublishedRecord.Status.FOUND);
      assertThat(r.dmarc().text()).isEqualTo("v=DMARC1; p=none; rua=mailto:agg@example.com");
      assertThat(r.error()).isNull();
      assertThat(r.dnsFailures()).isEmpty();
      assertThat(r.incomplete()).isFalse();
      assertThat(r.sections())
          .extracting(LiveRecord.Section::section)
          .containsExactly(AuditSection.DMARC, AuditSection.SPF, AuditSection.DKIM);
      LiveRecord.Section dmarc = r.sections().get(0);
      assertThat(dmarc.records()).anyMatch(s -> s.contains("p=none"));
      assertThat(dmarc.findings())
          .extracting(Finding::severity)
          .isSortedAccordingTo(Enum::compareTo);
      assertThat(dmarc.findings()).anyMatch(f -> f.severity() != Severity.INFO);
      assertThat(r.sections().get(1).records()).anyMatch(s -> s.contains("v=spf1"));
      // the selectors of the reports are checked, and only they: "gone" has no key
      assertThat(r.selectors()).containsExactly("sel1", "gone");
      assertThat(dns.queryCount("gone._domainkey.example.com")).isEqualTo(1);
      assertThat(dns.queryCount("google._domainkey.example.com")).isZero();
      assertThat(r.sections().get(2).findings())
          .anyMatch(f -> f.severity() == Severity.ERROR && f.title().contains("gone"));
      assertThat(r.nextStage()).isEqualTo(Stage.QUARANTINE_TESTING);
      assertThat(r.nextRecord()).isEqualTo(NEXT);
      assertThat(r.diff())
          .contains(
              new TagDiff.Row("p", "none", "quarantine", TagDiff.Change.CHANGED),
              new TagDiff.Row("t", null, "y", TagDiff.Change.ADDED));
    }
  }

  @Test
  void check_keptFiveMinutes_recheckLooksUpAgain() {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(ZONE);
    AtomicInteger selectorReads = new AtomicInteger();
    try (LiveRecordCheck live =
        check(
            dns,
            d -> {
              selectorReads.incrementAndGet();
              return List.of();
            })) {
      LiveRecord first = live.check("example.com");
      assertThat(live.check("example.com")).isSameAs(first);
      assertThat(live.cached("example.com")).containsSame(first);
      assertThat(dns.queryCount("_dmarc.example.com")).isGreaterThanOrEqualTo(1);
      int before = dns.queryCount("_dmarc.example.com");
      LiveRecord second = live.recheck("example.com");
      assertThat(second).isNotSameAs(first);
      assertThat(dns.queryCount("_dmarc.example.com")).isGreaterThan(before);
      assertThat(selectorReads).hasValue(2);
      // without selectors from the reports, the common ones are probed
      assertThat(dns.queryCount("google._domainkey.example.com")).isPositive();
    }
  }

  @Test
  void check_noDmarcRecord_saysSoWithTheDnsStatus() {
    try (LiveRecordCheck live = check(InMemoryDnsResolver.fromZone(ZONE), d -> List.of())) {
      LiveRecord r = live.check("nodmarc.example");
      assertThat(r.dmarc().status()).isEqualTo(PublishedRecord.Status.NONE);
      assertThat(r.dmarc().describe()).contains("NXDOMAIN");
      assertThat(r.sections().get(0).findings()).anyMatch(f -> f.severity() == Severity.ERROR);
      assertThat(r.diff()).allMatch(d -> d.change() == TagDiff.Change.ADDED);
    }
  }

  @Test
  void check_nonexistentDomain_domainSectionSaysSo() {
    try (LiveRecordCheck live = check(InMemoryDnsResolver.fromZone(ZONE), d -> List.of())) {
      LiveRecord r = live.check("missing.example");
      assertThat(r.sections().get(0).section()).isEqualTo(AuditSection.DOMAIN);
      assertThat(r.sections().get(0).findings()).anyMatch(f -> f.title().contains("not exist"));
    }
  }

  @Test
  void check_dnsTimeout_shownAsFailureAndKeptOnlyBriefly() {
    try (LiveRecordCheck live = check(InMemoryDnsResolver.fromZone(ZONE), d -> List.of())) {
      LiveRecord r = live.check("slow.example");
      assertThat(r.dmarc().status()).isEqualTo(PublishedRecord.Status.FAILED);
      assertThat(r.dnsFailures()).anyMatch(f -> f.contains("_dmarc.slow.example"));
      assertThat(r.incomplete()).isTrue();
    }
  }

  @Test
  void check_hangingDns_givesUpAfterTheTimeoutWithAReason() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    DnsResolver hanging =
        new DnsResolver() {
          @Override
          public DnsAnswer<ResourceData> query(String name, RecordType type) {
            try {
              never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return DnsAnswer.tempfail(name, type, "interrupted");
          }
        };
    try (LiveRecordCheck live =
        new LiveRecordCheck(
            new PublishedRecords(hanging, CLOCK, Duration.ofMillis(100)),
            new DomainAudit(hanging, AuditOptions.defaults()),
            d -> List.of(),
            LiveRecordCheckTest::advice,
            CLOCK,
            Duration.ofMillis(500))) {
      long t0 = System.nanoTime();
      LiveRecord r = live.check("example.com");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.error()).isEqualTo("the DNS lookups did not finish within 500 ms");
      assertThat(r.sections()).isEmpty();
      assertThat(r.dmarc().status()).isEqualTo(PublishedRecord.Status.FAILED);
      assertThat(Map.of("incomplete", r.incomplete())).containsEntry("incomplete", true);
    } finally {
      never.countDown();
    }
  }
}
