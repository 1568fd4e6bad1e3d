// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store-backed parts of enrichment and analysis (migrations V50 and V51): the IP facts cache
 * with expiry, owner marks and the report feed, run on each engine by a subclass.
 */
abstract class StoreBackedContract {
  ReportStore store;

  abstract ReportStore openStore() throws Exception;

  void dropStore() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    dropStore();
  }

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void ipFacts_putFindExpireReplace() {
    StoreIpFactsCache cache = new StoreIpFactsCache(store);
    InetAddress v4 = InetAddresses.forString("198.51.100.7");
    InetAddress v6 = InetAddresses.forString("2001:db8::25");
    IpFacts full =
        new IpFacts(
            v4,
            ReverseDnsStatus.FOUND,
            "o1.sendgrid.net",
            "sendgrid.net",
            true,
            11377L,
            "SendGrid",
            "US");
    IpFacts bare = new IpFacts(v6, ReverseDnsStatus.NONE, null, null, false, null, null, null);
    cache.put(List.of(full, bare), T0.plus(Duration.ofDays(7)));
    Map<InetAddress, IpFacts> found =
        cache.find(List.of(v4, v6, InetAddresses.forString("192.0.2.1")), T0.plusSeconds(60));
    assertThat(found).containsOnly(Map.entry(v4, full), Map.entry(v6, bare));
    assertThat(cache.find(List.of(v4), T0.plus(Duration.ofDays(8)))).isEmpty();
    IpFacts changed =
        new IpFacts(v4, ReverseDnsStatus.TEMPFAIL, null, null, false, null, null, null);
    cache.put(List.of(changed), T0.plus(Duration.ofDays(30)));
    assertThat(cache.find(List.of(v4), T0.plus(Duration.ofDays(8)))).containsEntry(v4, changed);
  }

  @Test
  void ipFacts_manyAddressesInChunks() {
    StoreIpFactsCache cache = new StoreIpFactsCache(store);
    List<IpFacts> facts = new java.util.ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      InetAddress ip = InetAddresses.forString("10.1." + (i / 256) + "." + (i % 256));
      facts.add(
          new IpFacts(ip, ReverseDnsStatus.NONE, null, null, false, (long) i + 1, null, null));
    }
    cache.put(facts, T0.plus(Duration.ofDays(1)));
    assertThat(cache.find(facts.stream().map(IpFacts::ip).toList(), T0)).hasSize(1_234);
  }

  @Test
  void ipFacts_needingLookup_busiestAddressesFirstWithoutCurrentFacts() {
    var policy = ReportSets.policy("example.com", Policy.NONE);
    store.storeAll(
        List.of(
            TestReports.incoming(
                ReportSets.daily(
                    "a.example",
                    0,
                    policy,
                    ReportSets.row("10.0.0.9", 1, "example.com").build(),
                    ReportSets.row("192.0.2.1", 3, "example.com").build(),
                    ReportSets.row("192.0.2.20", 50, "example.com").build(),
                    ReportSets.row("2001:db8::9", 4, "example.com").build())),
            TestReports.incoming(
                ReportSets.daily(
                    "b.example",
                    0,
                    policy,
                    ReportSets.row("198.51.100.200", 20, "example.com").build(),
                    ReportSets.row("2001:db8::9", 3, "example.com").build()))));
    StoreIpFactsCache cache = new StoreIpFactsCache(store);

    // the senders of the most mail first (2001:db8::9 sent 4 + 3), not the first in text order
    assertThat(cache.needingLookup(Instant.EPOCH, T0, 3))
        .containsExactly(ip("192.0.2.20"), ip("198.51.100.200"), ip("2001:db8::9"));
    cache.put(
        List.of(
            new IpFacts(
                ip("192.0.2.20"), ReverseDnsStatus.NONE, null, null, false, null, null, null)),
        T0.plus(Duration.ofDays(1)));
    assertThat(cache.needingLookup(Instant.EPOCH, T0, 10))
        .containsExactly(ip("198.51.100.200"), ip("2001:db8::9"), ip("192.0.2.1"), ip("10.0.0.9"));
    // expired facts are looked up again
    assertThat(cache.needingLookup(Instant.EPOCH, T0.plus(Duration.ofDays(2)), 1))
        .containsExactly(ip("192.0.2.20"));
    // only reports ingested since the given instant count
    assertThat(cache.needingLookup(Instant.now().plus(Duration.ofHours(1)), T0, 10)).isEmpty();
  }

  private static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  @Test
  void ownerMarks_setReadClearPerDomain() {
    StoreOwnerMarks marks = new StoreOwnerMarks(store);
    SourceKey sendgrid = SourceKey.ofService("sendgrid");
    marks.setMark("example.com", sendgrid, OwnerMark.NOT_MINE);
    marks.setMark("example.com", SourceKey.parse("ip:192.0.2.1"), OwnerMark.MINE);
    assertThat(marks.markFor("example.com", sendgrid)).isEqualTo(OwnerMark.NOT_MINE);
    assertThat(marks.markFor("example.org", sendgrid)).isNull();
    marks.setMark("example.com", sendgrid, OwnerMark.MINE);
    assertThat(new StoreOwnerMarks(store).markFor("example.com", sendgrid))
        .isEqualTo(OwnerMark.MINE);
    marks.setMark("example.com", sendgrid, null);
    assertThat(new StoreOwnerMarks(store).markFor("example.com", sendgrid)).isNull();
    assertThat(new StoreOwnerMarks(store).markFor("example.com", SourceKey.parse("ip:192.0.2.1")))
        .isEqualTo(OwnerMark.MINE);
  }

  @Test
  void ownerMarks_ipv6_oneSpelling_andAMarkStoredInTheLongSpellingStillFound() {
    SourceKey v6 = SourceKey.ofIp(ip("2001:DB8:0:0::25"));
    assertThat(v6.toString()).isEqualTo("ip:2001:db8::25"); // RFC 5952, as the records have it
    assertThat(SourceKey.parse("ip:2001:db8:0:0:0:0:0:25")).isEqualTo(v6);
    assertThat(SourceKey.parse("ip:192.0.2.1")).isEqualTo(SourceKey.ofIp(ip("192.0.2.1")));
    // a mark written by an earlier version, which keyed IPv6 sources in the long spelling
    store.write(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO owner_mark (policy_domain, source_key, mark, marked_at)"
                      + " VALUES ('example.com', 'ip:2001:db8:0:0:0:0:0:25', 'MINE', ?)")) {
            ps.setObject(1, java.time.LocalDateTime.of(2026, 1, 1, 0, 0));
            ps.executeUpdate();
          }
          return null;
        });
    StoreOwnerMarks marks = new StoreOwnerMarks(store);
    assertThat(marks.markFor("example.com", v6)).isEqualTo(OwnerMark.MINE);
    // changed or cleared, the old spelling goes too
    marks.setMark("example.com", v6, null);
    assertThat(new StoreOwnerMarks(store).markFor("example.com", v6)).isNull();
  }

  @Test
  void reportFeed_returnsTheDomainsReportsOverlappingThePeriod() {
    var policy = ReportSets.policy("example.com", Policy.NONE);
    var other = ReportSets.policy("example.org", Policy.NONE);
    var row =
        ReportSets.row("192.0.2.1", 3, "example.com")
            .dkim("example.com", "s", DkimResultType.PASS)
            .build();
    store.storeAll(
        List.of(
            TestReports.incoming(ReportSets.daily("a.example", 0, policy, row)),
            TestReports.incoming(ReportSets.daily("a.example", 1, policy, row)),
            TestReports.incoming(ReportSets.daily("a.example", 5, policy, row)),
            TestReports.incoming(ReportSets.daily("a.example", 1, other, row))));
    StoreReportFeed feed = new StoreReportFeed(store);
    var got =
        feed.reports(
            "EXAMPLE.COM",
            ReportSets.DAY.plusSeconds(3_600),
            ReportSets.DAY.plus(Duration.ofDays(2)));
    assertThat(got)
        .extracting(r -> r.metadata().begin())
        .containsExactly(ReportSets.DAY, ReportSets.DAY.plus(Duration.ofDays(1)));
    assertThat(got.iterator().next().records())
        .singleElement()
        .satisfies(r -> assertThat(r.count()).isEqualTo(3));
    assertThat(got).as("read again when iterated again").hasSize(2);
    assertThat(
            feed.sourceIps(
                "example.com",
                ReportSets.DAY.plusSeconds(3_600),
                ReportSets.DAY.plus(Duration.ofDays(2))))
        .containsExactly(InetAddresses.forString("192.0.2.1"));
    assertThat(
            feed.sourceIps(
                "example.com",
                ReportSets.DAY.plus(Duration.ofDays(2)),
                ReportSets.DAY.plus(Duration.ofDays(5))))
        .isEmpty();
    assertThat(store.findReports(List.of())).isEmpty();
  }

  @Test
  void reportFeed_readsManyReportsLazilyInAFewSetBasedQueries() {
    List<org.dmarcpilot.app.store.IncomingReport> in = new java.util.ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      in.add(
          TestReports.incoming(
              TestReports.simple(
                  "r" + (i % 7) + ".example", "id-" + i, "example.com", i % 30, 1 + i % 3)));
    }
    in.add(TestReports.incoming(TestReports.full()));
    for (int i = 0; i < 50; i++) {
      in.add(
          TestReports.incoming(
              TestReports.simple("r.example", "other-" + i, "example.org", i % 30, 2)));
    }
    store.storeAll(in);
    Instant from = TestReports.DAY0.plus(Duration.ofDays(2)).plusSeconds(3_600);
    Instant to = TestReports.DAY0.plus(Duration.ofDays(40));
    CountingStore counting = new CountingStore(store);
    // small batches (about 200 reports each, bounded by their records) so that there are several
    StoreReportFeed feed = new StoreReportFeed(counting.store(), 250, 400);

    var it = feed.reports("example.com", from, to).iterator();
    assertThat(it.hasNext()).isTrue();
    List<org.dmarcpilot.report.aggregate.AggregateReport> got = new java.util.ArrayList<>();
    got.add(it.next());
    assertThat(counting.calls())
        .as("store calls before the first report is handed out (the feed reads lazily)")
        .isLessThanOrEqualTo(3);
    it.forEachRemaining(got::add);
    assertThat(counting.calls())
        .as("store calls for %d reports (a few batches, no query per report)", got.size())
        .isBetween(5, 12);
    assertThat(counting.statements())
        .as("statements for %d reports", got.size())
        .isLessThanOrEqualTo(80);

    List<Long> ids =
        store.read(
            c -> {
              List<Long> out = new java.util.ArrayList<>();
              try (var ps =
                  c.prepareStatement(
                      "SELECT id FROM aggregate_report WHERE policy_domain = 'example.com'"
                          + " AND date_end >= ? AND date_begin < ? ORDER BY date_begin, id")) {
                ps.setObject(1, java.time.LocalDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
                ps.setObject(2, java.time.LocalDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
                try (var rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(rs.getLong(1));
                  }
                }
              }
              return out;
            });
    assertThat(ids).hasSizeGreaterThan(1_000);
    List<org.dmarcpilot.report.aggregate.AggregateReport> whole =
        ids.stream().map(id -> store.findReport(id).orElseThrow().report()).toList();
    assertThat(got).as("the reports, whole, in period order").isEqualTo(whole);
    assertThat(got).anySatisfy(r -> assertThat(r).isEqualTo(TestReports.full()));
  }

  @Test
  void domainRows_streamTheStoredRecordsOfTheDaysWithTheirReports() {
    List<org.dmarcpilot.report.aggregate.AggregateReport> reports = storeScenario();
    java.time.LocalDate first = java.time.LocalDate.parse("2026-03-02");
    java.time.LocalDate last = java.time.LocalDate.parse("2026-03-04");
    List<String> got = new java.util.ArrayList<>();
    long n =
        org.dmarcpilot.app.store.DomainRows.stream(
            store,
            "example.com",
            first,
            last,
            (h, row) -> got.add(h.orgName() + " " + h.begin() + " " + row));
    List<String> expected = new java.util.ArrayList<>();
    for (var r : reports) {
      var day = java.time.LocalDate.ofInstant(r.metadata().begin(), java.time.ZoneOffset.UTC);
      if (!day.isBefore(first) && !day.isAfter(last)) {
        r.records()
            .forEach(
                x -> expected.add(r.metadata().orgName() + " " + r.metadata().begin() + " " + x));
      }
    }
    assertThat(n).isEqualTo(expected.size()).isPositive();
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(
            org.dmarcpilot.app.store.DomainRows.stream(
                store, "example.org", first, last, (h, row) -> {}))
        .isZero();
  }

  @Test
  void domainAnalyses_overTheStore_equalTheAnalyzerKeepAndForget() throws InterruptedException {
    List<org.dmarcpilot.report.aggregate.AggregateReport> reports = storeScenario();
    StoreIpFactsCache cache = new StoreIpFactsCache(store);
    cache.put(
        List.of(Scenario.FACTS.get(InetAddresses.forString("198.51.100.7"))),
        Instant.now().plus(Duration.ofDays(1)));
    assertThat(
            cache.ofDomain(
                "example.com",
                java.time.LocalDate.parse("2026-03-01"),
                java.time.LocalDate.parse("2026-03-14")))
        .containsOnlyKeys(InetAddresses.forString("198.51.100.7"));
    StoreOwnerMarks marks = new StoreOwnerMarks(store);
    var identifier =
        new org.dmarcpilot.app.enrich.ServiceIdentifier(
            org.dmarcpilot.app.enrich.catalogue.SenderCatalogue.builtIn());
    java.time.Clock clock =
        java.time.Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), java.time.ZoneOffset.UTC);
    try (DomainAnalyses analyses =
        new DomainAnalyses(
            (d, from, to, sink) ->
                org.dmarcpilot.app.store.DomainRows.stream(
                    store,
                    d,
                    from,
                    to,
                    (h, row) -> sink.row(h.orgName(), h.begin(), h.end(), h.policy(), row)),
            cache::ofDomain,
            IpFacts::unknown,
            ReportSets.ALIGNMENT,
            identifier,
            marks,
            () -> AdvisorThresholds.DEFAULTS,
            d -> null,
            clock,
            100)) {
      java.time.LocalDate from = java.time.LocalDate.parse("2026-03-01");
      java.time.LocalDate to = java.time.LocalDate.parse("2026-03-14");
      DomainSnapshot s = analyses.snapshot("example.com", from, to);
      DomainSnapshot expected =
          new DomainAnalyzer(
                  ReportSets.ALIGNMENT,
                  identifier,
                  ip ->
                      ip.getHostAddress().equals("198.51.100.7")
                          ? Scenario.FACTS.get(ip)
                          : IpFacts.unknown(ip),
                  OwnerMarks.none(),
                  100)
              .analyze("example.com", from, to, reports);
      assertThat(s.sources()).isEqualTo(expected.sources());
      assertThat(s.byDay()).isEqualTo(expected.byDay());
      assertThat(analyses.snapshot("example.com", from, to)).isSameAs(s);
      assertThat(analyses.advice("example.com").advice().nextStage())
          .isEqualTo(Stage.QUARANTINE_TESTING);
      assertThat(analyses.advice("example.com").attention())
          .extracting(a -> a.source().toString())
          .contains("service:sendgrid");
      assertThat(analyses.adviceIfReady("example.com")).isPresent();
      analyses.mark("example.com", SourceKey.parse("ip:203.0.113.50"), OwnerMark.MINE);
      assertThat(analyses.adviceIfReady("example.com")).isEmpty();
      DomainSnapshot marked = analyses.snapshot("example.com", from, to);
      assertThat(marked).isNotSameAs(s);
      assertThat(marked.source(SourceKey.parse("ip:203.0.113.50")).orElseThrow().sourceClass())
          .isEqualTo(SourceClass.YOURS_NOT_ALIGNED);
      assertThat(marked.source(SourceKey.parse("ip:203.0.113.50")).orElseThrow().ownerMark())
          .isEqualTo(OwnerMark.MINE);
      // new facts from enrichment: what is kept is served at once, a fresh one is computed in
      // the background
      DomainAdvice adviceBefore = analyses.advice("example.com");
      cache.put(
          List.of(
              Scenario.FACTS.get(InetAddresses.forString("192.0.2.1")),
              Scenario.FACTS.get(InetAddresses.forString("203.0.113.9"))),
          Instant.now().plus(Duration.ofDays(1)));
      analyses.factsChanged();
      assertThat(analyses.snapshot("example.com", from, to)).isSameAs(marked);
      assertThat(analyses.ifReady("example.com", from, to)).containsSame(marked);
      assertThat(analyses.adviceIfReady("example.com")).containsSame(adviceBefore);
      assertThat(analyses.awaitBackground(Duration.ofSeconds(30))).isTrue();
      DomainSnapshot refreshed = analyses.ifReady("example.com", from, to).orElseThrow();
      assertThat(refreshed).isNotSameAs(marked);
      assertThat(refreshed.sources()).isNotEqualTo(marked.sources());
      assertThat(analyses.snapshot("example.com", from, to)).isSameAs(refreshed);
      assertThat(analyses.adviceIfReady("example.com").orElseThrow()).isNotSameAs(adviceBefore);
      analyses.invalidateAll();
      assertThat(analyses.ifReady("example.com", from, to)).isEmpty();
    }
  }

  /** Stores the scenario's reports, each with its own report id; returns those stored. */
  private List<org.dmarcpilot.report.aggregate.AggregateReport> storeScenario() {
    List<org.dmarcpilot.report.aggregate.AggregateReport> all = new java.util.ArrayList<>();
    int n = 0;
    for (var r : Scenario.exampleCom(Policy.NONE, false)) {
      var m = r.metadata();
      all.add(
          new org.dmarcpilot.report.aggregate.AggregateReport(
              r.version(),
              r.schema(),
              new org.dmarcpilot.report.aggregate.ReportMetadata(
                  m.orgName(),
                  m.email(),
                  m.extraContactInfo(),
                  m.reportId() + "-" + n++,
                  m.begin(),
                  m.end(),
                  m.errors(),
                  m.generator()),
              r.policyPublished(),
              r.records(),
              r.extensions(),
              r.issues()));
    }
    var results = store.storeAll(all.stream().map(TestReports::incoming).toList());
    List<org.dmarcpilot.report.aggregate.AggregateReport> stored = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (results.get(i).stored()) {
        stored.add(all.get(i));
      }
    }
    return stored;
  }
}
