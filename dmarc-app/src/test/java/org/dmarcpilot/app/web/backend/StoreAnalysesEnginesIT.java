// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainAnalyzer;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.OwnerMarks;
import org.dmarcpilot.app.analysis.PolicyImpact;
import org.dmarcpilot.app.analysis.ReportSets;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceKey;
import org.dmarcpilot.app.analysis.TargetPolicy;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.app.web.testing.SampleData;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link StoreAnalyses} over the same reports, enrichment facts and owner's marks on embedded
 * DuckDB and on the PostgreSQL test server (a database collating by ICU {@code en-US}): the
 * snapshots (sources with their classes, days, From domains, reporters, flags, the rows the
 * simulator and the advisor use), the advice, the policy simulations and the facts the pages show
 * are equal field by field, and equal to what {@link DomainAnalyzer} computes from the reports in
 * memory. The reports are {@link SampleData#standard}'s, {@link TestReports#full()} and a set with
 * one source of each class, IPv6, override reasons, a reporter whose verdicts disagree, mixed-case
 * names and reports at the edges of the days.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreAnalysesEnginesIT {
  private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<String> DOMAINS =
      List.of("example.com", "example.net", "shop.example.org", "nothing.example");
  private static final List<LocalDate[]> PERIODS =
      List.of(
          new LocalDate[] {TODAY.minusDays(6), TODAY},
          new LocalDate[] {TODAY.minusDays(13), TODAY},
          new LocalDate[] {TODAY.minusDays(19), TODAY.minusDays(10)},
          new LocalDate[] {TODAY.minusDays(30), TODAY.plusDays(1)},
          new LocalDate[] {LocalDate.parse("2024-06-01"), LocalDate.parse("2024-06-03")});
  private static final String RECORD = "v=DMARC1; p=none; rua=mailto:dmarc@example.com";

  /** The enrichment facts put into both caches; one set of them expired already. */
  private static final Map<InetAddress, IpFacts> FACTS = new LinkedHashMap<>();

  static {
    facts("198.51.100.7", ReverseDnsStatus.FOUND, "o1.ptr2625.sendgrid.net", 11377L, "US");
    facts(
        "203.0.113.9",
        ReverseDnsStatus.FOUND,
        "mail-db8eur05olkn2050.outbound.protection.outlook.com",
        8075L,
        "IE");
    facts("198.51.100.40", ReverseDnsStatus.FOUND, "a8-12.smtp-out.amazonses.com", 16509L, "US");
    facts("192.0.2.10", ReverseDnsStatus.FOUND, "mail-sor-f41.google.com", 15169L, "US");
    facts("2001:db8::25", ReverseDnsStatus.NONE, null, 64500L, "DE");
    facts("203.0.113.60", ReverseDnsStatus.TEMPFAIL, null, null, null);
  }

  private static final List<InetAddress> EXPIRED =
      List.of(InetAddresses.forString("203.0.113.60"), InetAddresses.forString("192.0.2.10"));

  private final List<AggregateReport> reports = new ArrayList<>();

  /** The reports' ids in the DuckDB store: the order rows are read in. */
  private final Map<AggregateReport, Long> ids = new IdentityHashMap<>();

  private TestStore duck;
  private TestStore pg;
  private DomainAnalyses onDuck;
  private DomainAnalyses onPg;

  private static void facts(
      String ip, ReverseDnsStatus status, String ptr, Long asn, String country) {
    InetAddress a = InetAddresses.forString(ip);
    FACTS.put(
        a,
        new IpFacts(
            a,
            status,
            ptr,
            ptr == null ? null : PublicSuffixList.guava().organizationalDomain(ptr),
            ptr != null,
            asn,
            asn == null ? null : "AS" + asn + " Org",
            country));
  }

  @BeforeAll
  void load() throws Exception {
    reports.addAll(dataset());
    pg = TestStore.postgres("analyses");
    duck = TestStore.duckdb();
    for (TestStore s : List.of(duck, pg)) {
      List<StoreResult> stored =
          s.store().storeAll(reports.stream().map(TestReports::incoming).toList());
      assertThat(stored).allMatch(StoreResult::stored);
      if (s == duck) {
        for (int i = 0; i < reports.size(); i++) {
          ids.put(reports.get(i), stored.get(i).reportPk());
        }
      }
      StoreIpFactsCache cache = new StoreIpFactsCache(s.store());
      List<IpFacts> current = new ArrayList<>();
      List<IpFacts> expired = new ArrayList<>();
      FACTS.forEach((ip, f) -> (EXPIRED.contains(ip) ? expired : current).add(f));
      cache.put(current, NOW.plus(Duration.ofDays(7)));
      cache.put(expired, NOW.minus(Duration.ofDays(1)));
    }
    onDuck = analyses(duck);
    onPg = analyses(pg);
  }

  @AfterAll
  void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {onDuck, onPg, duck, pg}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static DomainAnalyses analyses(TestStore s) {
    return StoreAnalyses.open(
        s.store(),
        GeoIp.absent(),
        () -> AdvisorThresholds.DEFAULTS,
        d -> d.equals("example.com") ? RECORD : null,
        CLOCK);
  }

  @Test
  void snapshots_sameOnBothEngines_andAsTheAnalyzerComputesInMemory() {
    int compared = 0;
    for (String domain : DOMAINS) {
      for (LocalDate[] p : PERIODS) {
        String what = domain + " " + p[0] + ".." + p[1];
        DomainSnapshot d = onDuck.snapshot(domain, p[0], p[1]);
        DomainSnapshot g = onPg.snapshot(domain, p[0], p[1]);
        assertThat(g).as("PostgreSQL vs DuckDB: " + what).usingRecursiveComparison().isEqualTo(d);
        assertThat(g).as(what).isEqualTo(d);
        assertThat(d)
            .as("DuckDB vs in memory: " + what)
            .usingRecursiveComparison()
            .isEqualTo(inMemory(domain, p[0], p[1], OwnerMarks.none()));
        if (d.records() > 0) {
          compared++;
        }
      }
    }
    assertThat(compared).as("periods with rows").isGreaterThanOrEqualTo(10);

    // the data is what the comparison needs: every class, IPv6, a flagged reporter, subdomains
    DomainSnapshot s = onPg.snapshot("example.com", TODAY.minusDays(13), TODAY);
    assertThat(s.sources())
        .extracting(r -> r.sourceClass())
        .contains(
            SourceClass.ALIGNED,
            SourceClass.YOURS_NOT_ALIGNED,
            SourceClass.FORWARDED,
            SourceClass.SPOOFING,
            SourceClass.UNKNOWN);
    assertThat(s.sources())
        .extracting(r -> r.source().toString())
        .contains("service:sendgrid", "service:amazon-ses", "ip:2001:db8::25", "ip:203.0.113.60");
    assertThat(s.reporterFlags()).isNotEmpty();
    assertThat(s.byFromDomain()).hasSizeGreaterThan(1);
    assertThat(s.byReporter()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void advice_sameOnBothEngines() {
    for (String domain : DOMAINS) {
      DomainAdvice d = onDuck.advice(domain);
      DomainAdvice g = onPg.advice(domain);
      assertThat(g).as(domain).usingRecursiveComparison().isEqualTo(d);
      assertThat(g).as(domain).isEqualTo(d);
    }
    DomainAdvice a = onPg.advice("example.com");
    assertThat(a.publishedRecord()).isEqualTo(RECORD);
    assertThat(a.attention())
        .extracting(x -> x.source().toString())
        .contains("service:sendgrid", "service:amazon-ses");
  }

  @Test
  void policySimulations_sameOnBothEngines() {
    List<TargetPolicy> targets =
        List.of(
            TargetPolicy.of(Policy.NONE),
            TargetPolicy.of(Policy.QUARANTINE),
            TargetPolicy.of(Policy.REJECT),
            new TargetPolicy(Policy.REJECT, Policy.QUARANTINE, Policy.REJECT, false, 100),
            new TargetPolicy(Policy.QUARANTINE, null, null, true, 100),
            new TargetPolicy(Policy.REJECT, Policy.NONE, null, false, 25));
    long rejected = 0;
    for (String domain : DOMAINS) {
      for (LocalDate[] p : PERIODS) {
        for (TargetPolicy t : targets) {
          String what = domain + " " + p[0] + ".." + p[1] + " " + t.describe();
          PolicyImpact d = onDuck.simulate(domain, p[0], p[1], t);
          PolicyImpact g = onPg.simulate(domain, p[0], p[1], t);
          assertThat(g).as(what).usingRecursiveComparison().isEqualTo(d);
          assertThat(g).as(what).isEqualTo(d);
          rejected += g.rejected().values().stream().mapToLong(Long::longValue).sum();
        }
      }
    }
    assertThat(rejected).as("the simulations reject something").isPositive();
  }

  @Test
  void marks_sameOnBothEngines_andChangeTheClassesAlike() {
    String domain = "example.net";
    SourceKey failing = SourceKey.ofService("sendgrid"); // 198.51.100.7, by its PTR name
    LocalDate from = TODAY.minusDays(13);
    DomainSnapshot before = onPg.snapshot(domain, from, TODAY);
    for (DomainAnalyses a : List.of(onDuck, onPg)) {
      a.mark(domain, failing, OwnerMark.MINE);
      a.mark("example.com", SourceKey.ofService("sendgrid"), OwnerMark.NOT_MINE);
      a.mark("example.com", SourceKey.parse("ip:203.0.113.60"), OwnerMark.MINE);
    }
    try {
      for (String d : List.of(domain, "example.com")) {
        assertThat(onPg.snapshot(d, from, TODAY))
            .as(d)
            .usingRecursiveComparison()
            .isEqualTo(onDuck.snapshot(d, from, TODAY));
        assertThat(onPg.advice(d)).as(d).isEqualTo(onDuck.advice(d));
      }
      assertThat(onPg.markOf(domain, failing)).isEqualTo(OwnerMark.MINE);
      assertThat(onDuck.markOf(domain, failing)).isEqualTo(OwnerMark.MINE);
      DomainSnapshot marked = onPg.snapshot(domain, from, TODAY);
      assertThat(marked.source(failing).orElseThrow().ownerMark()).isEqualTo(OwnerMark.MINE);
      assertThat(marked.source(failing).orElseThrow().sourceClass())
          .isNotEqualTo(before.source(failing).orElseThrow().sourceClass());
      Map<String, OwnerMark> marks =
          Map.of(
              domain + " service:sendgrid",
              OwnerMark.MINE,
              "example.com service:sendgrid",
              OwnerMark.NOT_MINE,
              "example.com ip:203.0.113.60",
              OwnerMark.MINE);
      assertThat(marked)
          .usingRecursiveComparison()
          .isEqualTo(inMemory(domain, from, TODAY, OwnerMarks.of(marks)));
      assertThat(onPg.snapshot("example.com", from, TODAY))
          .usingRecursiveComparison()
          .isEqualTo(inMemory("example.com", from, TODAY, OwnerMarks.of(marks)));
    } finally {
      for (DomainAnalyses a : List.of(onDuck, onPg)) {
        a.mark(domain, failing, null);
        a.mark("example.com", SourceKey.ofService("sendgrid"), null);
        a.mark("example.com", SourceKey.parse("ip:203.0.113.60"), null);
      }
    }
    assertThat(onPg.markOf(domain, failing)).isNull();
    assertThat(onPg.snapshot(domain, from, TODAY)).isEqualTo(before);
  }

  @Test
  void facts_sameOnBothEngines_expiredIncluded_unknownEmpty() {
    SourceFacts d = StoreAnalyses.facts(duck.store(), GeoIp.absent());
    SourceFacts g = StoreAnalyses.facts(pg.store(), GeoIp.absent());
    List<InetAddress> asked = new ArrayList<>(FACTS.keySet());
    asked.add(InetAddresses.forString("203.0.113.50"));
    asked.add(InetAddresses.forString("2001:db8::1"));
    for (InetAddress ip : asked) {
      Optional<IpFacts> onD = d.of(ip);
      Optional<IpFacts> onG = g.of(ip);
      assertThat(onG)
          .as(ip.toString())
          .isEqualTo(onD)
          .isEqualTo(Optional.ofNullable(FACTS.get(ip)));
    }
    for (String domain : DOMAINS) {
      for (LocalDate[] p : PERIODS) {
        assertThat(new StoreIpFactsCache(pg.store()).ofDomain(domain, p[0], p[1]))
            .as(domain + " " + p[0] + ".." + p[1])
            .isEqualTo(new StoreIpFactsCache(duck.store()).ofDomain(domain, p[0], p[1]));
      }
    }
    assertThat(new StoreIpFactsCache(pg.store()).ofDomain("example.com", TODAY.minusDays(6), TODAY))
        .containsKeys(
            InetAddresses.forString("198.51.100.7"),
            InetAddresses.forString("2001:db8::25"),
            InetAddresses.forString("203.0.113.60"));
  }

  /** What the analyzer computes from the reports in memory, with the facts both caches hold. */
  private DomainSnapshot inMemory(String domain, LocalDate from, LocalDate to, OwnerMarks marks) {
    List<AggregateReport> mine = new ArrayList<>();
    for (AggregateReport r : reports) {
      LocalDate day = LocalDate.ofInstant(r.metadata().begin(), ZoneOffset.UTC);
      if (r.policyPublished().domain().toLowerCase(Locale.ROOT).equals(domain)
          && !day.isBefore(from)
          && !day.isAfter(to)) {
        mine.add(r);
      }
    }
    // rows come in the order of the reports' ids (which decides ties of the latest policy)
    mine.sort(Comparator.comparing(ids::get));
    mine.replaceAll(r -> withDomain(r, domain));
    return new DomainAnalyzer(
            new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
            new ServiceIdentifier(SenderCatalogue.builtIn()),
            ip -> FACTS.containsKey(ip) ? FACTS.get(ip) : StoreAnalyses.geoOnly(GeoIp.absent(), ip),
            marks,
            DomainAnalyzer.DEFAULT_LISTED)
        .analyze(domain, from, to, mine);
  }

  /** The report with its policy's domain as the store gives it back (the lower-case query). */
  private static AggregateReport withDomain(AggregateReport r, String domain) {
    PolicyPublished p = r.policyPublished();
    return new AggregateReport(
        r.version(),
        r.schema(),
        r.metadata(),
        new PolicyPublished(
            domain,
            p.p(),
            p.sp(),
            p.np(),
            p.adkim(),
            p.aspf(),
            p.pct(),
            p.fo(),
            p.testing(),
            p.discoveryMethod()),
        r.records(),
        r.extensions(),
        r.issues());
  }

  /** SampleData's reports, the full report, and the set with a source of each class. */
  private static List<AggregateReport> dataset() {
    List<AggregateReport> out = new ArrayList<>();
    SampleData sample = SampleData.standard(CLOCK);
    for (long id = 1; ; id++) {
      Optional<StoredReport> r = sample.report(id);
      if (r.isEmpty()) {
        break;
      }
      out.add(r.get().report());
    }
    assertThat(out).hasSizeGreaterThan(60);
    out.add(TestReports.full());
    PolicyPublished policy =
        new PolicyPublished(
            "example.com",
            Policy.NONE,
            Policy.QUARANTINE,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    for (int day = 0; day < 14; day++) {
      Instant begin = TODAY.minusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
      out.add(
          ReportSets.report(
              "google.com",
              begin,
              begin.plusSeconds(86_399),
              policy,
              ReportSets.row("198.51.100.7", 5, "example.com")
                  .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                  .disposition(DispositionType.QUARANTINE)
                  .dkim("sendgrid.info", "smtpapi", DkimResultType.PASS)
                  .spf("sendgrid.net", SpfResultType.PASS)
                  .build(),
              ReportSets.row("198.51.100.40", 9, "example.com")
                  .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                  .disposition(DispositionType.QUARANTINE)
                  .dkim("amazonses.com", "ug7nbtf4", DkimResultType.PASS)
                  .spf("amazonses.com", SpfResultType.PASS)
                  .build(),
              ReportSets.row("203.0.113.9", 2, "example.com")
                  .claims(DmarcResultType.FAIL, DmarcResultType.PASS)
                  .dkim("example.com", "google", DkimResultType.FAIL)
                  .spf("outlook.com", SpfResultType.PASS)
                  .reason(PolicyOverrideType.FORWARDED, "forwarded by outlook.com")
                  .build(),
              ReportSets.row("203.0.113.50", 3, "example.com")
                  .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                  .disposition(DispositionType.QUARANTINE)
                  .spf("example.com", SpfResultType.FAIL)
                  .build(),
              ReportSets.row("203.0.113.60", 1, "example.com")
                  .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                  .disposition(DispositionType.QUARANTINE)
                  .spf("random-sender.example", SpfResultType.PASS)
                  .build(),
              ReportSets.row("2001:db8::25", 7, "mail.example.com")
                  .claims(DmarcResultType.PASS, DmarcResultType.FAIL)
                  .dkim("example.com", "s2", DkimResultType.PASS)
                  .spf("bounce.example.net", SpfResultType.SOFTFAIL)
                  .build()));
    }
    // a reporter whose verdicts disagree with the results it gives, and mixed-case names
    Instant yesterday = TODAY.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    out.add(
        ReportSets.report(
            "zoho Mail",
            yesterday,
            yesterday.plusSeconds(86_399),
            policy,
            ReportSets.row("192.0.2.10", 10, "example.com")
                .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                .disposition(DispositionType.QUARANTINE)
                .dkim("example.com", "google", DkimResultType.PASS)
                .spf("example.com", SpfResultType.PASS)
                .build(),
            ReportSets.row("192.0.2.11", 4, "Example.COM")
                .claims(DmarcResultType.PASS, DmarcResultType.PASS)
                .dkim("esp.example", "x", DkimResultType.PASS)
                .reason(PolicyOverrideType.MAILING_LIST, null)
                .build()));
    // reports at the edges of the days: the last second of a day, the first of the next, one
    // beginning in the evening and ending the next day
    PolicyPublished reject =
        new PolicyPublished(
            "example.net", Policy.REJECT, null, Policy.REJECT, null, null, 50, "1", true, null);
    Instant dayStart = TODAY.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant();
    out.add(
        ReportSets.report(
            "Ärger-Reporter",
            dayStart.minusSeconds(1),
            dayStart.plusSeconds(3_600),
            reject,
            ReportSets.row("198.51.100.7", 13, "example.net")
                .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                .disposition(DispositionType.QUARANTINE)
                .spf("example.net", SpfResultType.SOFTFAIL)
                .build()));
    out.add(
        ReportSets.report(
            "Ärger-Reporter",
            dayStart,
            dayStart.plusSeconds(86_399),
            reject,
            ReportSets.row("198.51.100.7", 17, "example.net")
                .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                .disposition(DispositionType.QUARANTINE)
                .spf("example.net", SpfResultType.SOFTFAIL)
                .build()));
    out.add(
        ReportSets.report(
            "arger-reporter",
            dayStart.plusSeconds(20 * 3_600),
            dayStart.plusSeconds(44 * 3_600),
            reject,
            ReportSets.row("198.51.100.7", 19, "example.net")
                .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                .disposition(DispositionType.QUARANTINE)
                .dkim("example.net", "k", DkimResultType.PASS)
                .build()));
    return out;
  }
}
