// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.store.ExportRow;
import org.dmarcpilot.app.store.ReportOriginal;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.data.DailyTraffic;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.OriginalInfo;
import org.dmarcpilot.app.web.data.OriginalPayload;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.RecordTotals;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.ReportTotals;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web's SQL over the store's schema, checked against sums computed directly from the demo
 * reports that were written into it; run on each engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlQueriesContract {
  private static final LocalDate LAST = LocalDate.parse("2026-03-15");
  private TestStore db;
  private List<AggregateReport> reports;
  private TrafficRollup rollup;

  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  /**
   * Loads the shared store before the first test; per test rather than in a {@code @BeforeAll}, so
   * that an engine that is not configured skips each test with its message.
   */
  @BeforeEach
  void load() throws Exception {
    if (db != null) {
      return;
    }
    TestStore opened = open("sql_queries");
    try {
      reports = DemoData.generate(LAST, 20, 7);
      opened.store(reports);
      rollup = new TrafficRollup(opened.reader());
      rollup.rebuild();
    } catch (Exception | Error e) {
      opened.close();
      throw e;
    }
    db = opened;
  }

  @AfterAll
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static LocalDate day(AggregateReport r) {
    return LocalDate.ofInstant(r.metadata().begin(), ZoneOffset.UTC);
  }

  @Test
  void domains_equalTheSumsOfTheReports() {
    DateRange range = new DateRange(LAST.minusDays(9), LAST);
    Map<String, long[]> expected = new HashMap<>();
    for (AggregateReport r : reports) {
      if (day(r).isBefore(range.from())) {
        continue;
      }
      long[] e = expected.computeIfAbsent(r.policyPublished().domain(), k -> new long[4]);
      for (ReportRecord x : r.records()) {
        e[0] += x.count();
        e[1] += x.policyEvaluated().dmarcPass() ? x.count() : 0;
        e[2] += x.policyEvaluated().dkim() == DmarcResultType.PASS ? x.count() : 0;
        e[3] += x.policyEvaluated().spf() == DmarcResultType.PASS ? x.count() : 0;
      }
    }
    List<DomainTraffic> got = new SqlTrafficQueries(rollup).domains(range);
    assertThat(got)
        .extracting(DomainTraffic::domain)
        .containsExactly("example.com", "example.info", "example.net", "example.org");
    for (DomainTraffic d : got) {
      long[] e = expected.get(d.domain());
      assertThat(new long[] {d.messages(), d.dmarcPass(), d.dkimAligned(), d.spfAligned()})
          .as(d.domain())
          .containsExactly(e);
      assertThat(d.daily()).hasSize(10);
      assertThat(d.daily().stream().mapToLong(Long::longValue).sum()).isEqualTo(d.messages());
    }
    assertThat(got.get(0).policy()).isEqualTo("none");
    assertThat(got.get(2).policy()).isEqualTo("reject");
  }

  @Test
  void refresh_picksUpNewReportsAndRebuildAgrees() throws Exception {
    try (TestStore other = open("sql_queries_refresh")) {
      List<AggregateReport> older = DemoData.generate(LAST.minusDays(5), 5, 1);
      other.store(older);
      TrafficRollup r = new TrafficRollup(other.reader());
      r.rebuild();
      DateRange range = new DateRange(LAST.minusDays(20), LAST);
      long before = sum(new SqlTrafficQueries(r).domains(range));
      assertThat(r.refresh()).as("nothing new: the analyses stay").isFalse();
      List<AggregateReport> newer = DemoData.generate(LAST, 5, 2);
      other.store(newer);
      assertThat(r.refresh()).as("new reports").isTrue();
      assertThat(r.refresh()).as("read again within the margin, unchanged").isFalse();
      long after = sum(new SqlTrafficQueries(r).domains(range));
      long added = newer.stream().mapToLong(AggregateReport::messageCount).sum();
      assertThat(after).isEqualTo(before + added);
      TrafficRollup fresh = new TrafficRollup(other.reader());
      fresh.rebuild();
      assertThat(new SqlTrafficQueries(fresh).domains(range))
          .isEqualTo(new SqlTrafficQueries(r).domains(range));
    }
  }

  /**
   * A bulk ingest changes more domain-days than an incremental look reads, so the look rebuilds;
   * but only once: the looks after it, which read the same reports again within the margin, must
   * not report a change, or the web throws its cached analyses away every 30 seconds (audit of the
   * 1M-record store).
   */
  @Test
  void refresh_afterABulkIngest_rebuildsOnceThenReportsNoChange() throws Exception {
    try (TestStore other = open("sql_queries_bulk")) {
      other.store(DemoData.generate(LAST.minusDays(5), 5, 1));
      TrafficRollup r = new TrafficRollup(other.reader(), 3);
      r.rebuild();
      List<AggregateReport> bulk = DemoData.generate(LAST, 5, 2);
      assertThat(bulk.stream().map(x -> x.policyPublished().domain() + day(x)).distinct().count())
          .as("more domain-days than the look reads one by one")
          .isGreaterThan(3);
      other.store(bulk);
      assertThat(r.refresh()).as("a bulk ingest").isTrue();
      assertThat(r.refresh()).as("read again within the margin, unchanged").isFalse();
      assertThat(r.refresh()).as("and again").isFalse();
      DateRange range = new DateRange(LAST.minusDays(20), LAST);
      TrafficRollup fresh = new TrafficRollup(other.reader());
      fresh.rebuild();
      assertThat(new SqlTrafficQueries(r).domains(range))
          .isEqualTo(new SqlTrafficQueries(fresh).domains(range));
      other.store(List.of(TestReports.simple("late.example", "late-1", "example.org", 15, 2)));
      assertThat(r.refresh()).as("one more report after the bulk").isTrue();
      assertThat(r.refresh()).isFalse();
    }
  }

  /**
   * Two reports of one domain that begin at the same time but saw different policies: the overview
   * must show the same policy whichever was stored first (the engines number reports in the order
   * they commit, which a parallel ingest does not fix).
   */
  @Test
  void latestPolicy_onATie_doesNotDependOnTheOrderOfStoring() throws Exception {
    AggregateReport none = TestReports.simple("a.example", "tie-1", "example.org", 20, 1);
    AggregateReport reject =
        withPolicy(TestReports.simple("b.example", "tie-2", "example.org", 20, 1));
    List<String> seen = new ArrayList<>();
    for (List<AggregateReport> order : List.of(List.of(none, reject), List.of(reject, none))) {
      try (TestStore other = open("sql_queries_tie")) {
        for (AggregateReport r : order) {
          other.store(List.of(r));
        }
        TrafficRollup r = new TrafficRollup(other.reader());
        r.rebuild();
        seen.add(r.policy("example.org"));
      }
    }
    assertThat(seen).containsExactly("reject", "reject");
  }

  private static AggregateReport withPolicy(AggregateReport r) {
    PolicyPublished p = r.policyPublished();
    return new AggregateReport(
        r.version(),
        r.schema(),
        r.metadata(),
        new PolicyPublished(
            p.domain(),
            Policy.REJECT,
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

  private static long sum(List<DomainTraffic> rows) {
    return rows.stream().mapToLong(DomainTraffic::messages).sum();
  }

  @Test
  void daily_hasEveryDayOfTheRange_zerosIncluded() {
    DateRange range = new DateRange(LAST.minusDays(29), LAST);
    List<DailyTraffic> days = new SqlTrafficQueries(rollup).daily("example.net", range);
    assertThat(days).hasSize(30);
    assertThat(days.get(0).messages()).as("before the data").isZero();
    assertThat(days.get(29).messages()).isPositive();
    assertThat(days.get(29).dmarcPass()).isLessThanOrEqualTo(days.get(29).messages());
  }

  @Test
  void reports_pageFilterAndPassCounts() {
    SqlReportCatalog catalog =
        new SqlReportCatalog(db.reader(), rollup, (id, first, max) -> Optional.empty());
    DateRange all = new DateRange(LAST.minusDays(30), LAST);
    Page<ReportSummary> first =
        catalog.reports(new ReportFilter(null, null, all), new PageRequest(1, 25));
    assertThat(first.total()).isEqualTo(reports.size());
    assertThat(first.items()).hasSize(25);
    assertThat(first.items().get(0).begin()).isAfterOrEqualTo(first.items().get(24).begin());
    Page<ReportSummary> yahoo =
        catalog.reports(new ReportFilter("example.org", "Yahoo", all), new PageRequest(1, 500));
    assertThat(yahoo.total()).isEqualTo(20);
    for (ReportSummary s : yahoo.items()) {
      AggregateReport r =
          reports.stream()
              .filter(x -> x.metadata().reportId().equals(s.reportId()))
              .findFirst()
              .orElseThrow();
      long pass =
          r.records().stream()
              .filter(x -> x.policyEvaluated().dmarcPass())
              .mapToLong(ReportRecord::count)
              .sum();
      assertThat(s.dmarcPass()).isEqualTo(pass);
      assertThat(s.messages()).isEqualTo(r.messageCount());
    }
    // by name, byte by byte, on every engine (PostgreSQL's collation, here ICU en-US, would put
    // "google.com" before "Yahoo")
    assertThat(catalog.domains())
        .containsExactly("example.com", "example.info", "example.net", "example.org");
    assertThat(catalog.reporters())
        .containsExactly("Enterprise Outlook", "Mail.Ru", "Yahoo", "comcast.net", "google.com")
        .isEqualTo(reports.stream().map(r -> r.metadata().orgName()).distinct().sorted().toList());
  }

  @Test
  void originals_bytesKeptOrOnlyTheirSize() throws Exception {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i; // every byte value, not text: BYTEA and BLOB must keep them all
    }
    try (TestStore other = open("sql_originals")) {
      long kept =
          other.storeIncoming(
              List.of(
                  TestReports.incoming(TestReports.simple("google.com", "o1", "example.com", 0, 1))
                      .withOriginal(
                          new ReportOriginal("o1.xml.gz", "application/gzip", 256, bytes))));
      long large =
          other.storeIncoming(
              List.of(
                  TestReports.incoming(TestReports.simple("google.com", "o2", "example.com", 1, 1))
                      .withOriginal(
                          new ReportOriginal("o2.zip", "application/zip", 50_000_000L, null))));
      long none = other.store(List.of(TestReports.simple("google.com", "o3", "example.com", 2, 1)));
      SqlReportCatalog catalog =
          new SqlReportCatalog(
              other.reader(),
              new TrafficRollup(other.reader()),
              (id, first, max) -> Optional.empty());
      OriginalPayload p = catalog.original(kept).orElseThrow();
      assertThat(p.filename()).isEqualTo("o1.xml.gz");
      assertThat(p.mediaType()).isEqualTo("application/gzip");
      assertThat(p.bytes()).isEqualTo(bytes);
      assertThat(catalog.originalInfo(kept))
          .contains(new OriginalInfo("o1.xml.gz", "application/gzip", 256, true));
      assertThat(catalog.original(large)).as("over the limit: only the size").isEmpty();
      assertThat(catalog.originalInfo(large))
          .contains(new OriginalInfo("o2.zip", "application/zip", 50_000_000L, false));
      assertThat(catalog.original(none)).isEmpty();
      assertThat(catalog.originalInfo(none)).isEmpty();

      byte[] xml = "<feedback><record/></feedback>".repeat(100).getBytes(StandardCharsets.UTF_8);
      ReportOriginal held =
          new ReportOriginal("o4.xml", "application/xml", xml.length, xml).compacted();
      assertThat(held.gzipped()).isTrue();
      long plain =
          other.storeIncoming(
              List.of(
                  TestReports.incoming(TestReports.simple("google.com", "o4", "example.com", 3, 1))
                      .withOriginal(held)));
      assertThat(catalog.original(plain).orElseThrow().bytes())
          .as("given back as it arrived")
          .isEqualTo(xml);
      assertThat(catalog.originalInfo(plain))
          .contains(new OriginalInfo("o4.xml", "application/xml", xml.length, true));
    }
  }

  /** An exported row as the records list shows it, its results as the export's text. */
  private static RecordRow listed(ExportRow r) {
    return new RecordRow(
        r.reportPk(),
        r.orgName(),
        r.reportId(),
        r.policyDomain(),
        r.begin(),
        r.end(),
        r.sourceIp(),
        r.messageCount(),
        r.disposition(),
        r.dkimAligned(),
        r.spfAligned(),
        r.headerFrom(),
        r.envelopeFrom(),
        r.dkimText(),
        r.spfText(),
        r.overridesText());
  }

  @Test
  void records_pagesAndExportAgree() {
    SqlRecordQueries q = new SqlRecordQueries(db.reader());
    RecordFilter f = new RecordFilter("example.com", null, new DateRange(LAST.minusDays(2), LAST));
    Page<RecordRow> p1 = q.records(f, new PageRequest(1, 7));
    assertThat(p1.items()).hasSize(7);
    // every page, walked through the reports, equals the same slice of the export
    List<RecordRow> paged = new ArrayList<>();
    for (int p = 1; p <= q.records(f, new PageRequest(1, 13)).pages(); p++) {
      paged.addAll(q.records(f, new PageRequest(p, 13)).items());
    }
    List<RecordRow> exported = new ArrayList<>();
    long n = q.export(f, r -> exported.add(listed(r)));
    assertThat(n).isEqualTo(p1.total()).isEqualTo(exported.size());
    assertThat(exported.subList(0, 7)).isEqualTo(p1.items());
    assertThat(paged).isEqualTo(exported);
    RecordRow withDkim =
        exported.stream().filter(r -> !r.dkimResults().isEmpty()).findFirst().orElseThrow();
    assertThat(withDkim.dkimResults()).matches("[a-z0-9.]+/[A-Za-z0-9]+=(pass|fail)");
    assertThat(exported).anyMatch(r -> r.overrides().equals("forwarded"));
    assertThat(exported).allMatch(r -> r.spfResults().startsWith("mfrom:"));
    String ip = exported.get(0).sourceIp();
    RecordFilter byIp = new RecordFilter(null, ip, f.range());
    assertThat(q.records(byIp, new PageRequest(1, 500)).items())
        .allMatch(r -> r.sourceIp().equals(ip));
  }

  @Test
  void records_exportOfEverything_equalsEveryPage() throws Exception {
    // more records than the old export's batch of 2000: on DuckDB its second batch failed,
    // because the child queries closed the streamed result it was still reading
    List<AggregateReport> many = DemoData.generate(LAST, 90, 11);
    try (TestStore big = open("sql_export")) {
      big.store(many);
      SqlRecordQueries q = new SqlRecordQueries(big.reader());
      RecordFilter all = new RecordFilter(null, null, new DateRange(LAST.minusDays(100), LAST));
      Page<RecordRow> first = q.records(all, new PageRequest(1, 500));
      assertThat(first.total()).isGreaterThan(5000);
      List<RecordRow> paged = new ArrayList<>(first.items());
      for (int p = 2; p <= first.pages(); p++) {
        paged.addAll(q.records(all, new PageRequest(p, 500)).items());
      }
      List<RecordRow> exported = new ArrayList<>();
      long n = q.export(all, r -> exported.add(listed(r)));
      assertThat(n).isEqualTo(first.total()).isEqualTo(exported.size());
      assertThat(exported).isEqualTo(paged);
      long messages = 0;
      for (AggregateReport r : many) {
        messages += r.messageCount();
      }
      assertThat(exported.stream().mapToLong(RecordRow::count).sum()).isEqualTo(messages);
    }
  }

  @Test
  void records_totalsSumEveryMatchingRecord_byDomainAndByAddress() {
    SqlRecordQueries q = new SqlRecordQueries(db.reader());
    DateRange range = new DateRange(LAST.minusDays(9), LAST);
    Map<String, Long> byIp = new HashMap<>();
    for (AggregateReport r : reports) {
      for (ReportRecord x : r.records()) {
        byIp.merge(x.sourceIp().getHostAddress(), 1L, Long::sum);
      }
    }
    String busiest =
        byIp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    for (RecordFilter f :
        List.of(
            new RecordFilter("example.com", null, range),
            new RecordFilter(null, busiest, range),
            new RecordFilter(null, "192.0.2.254", range))) {
      long records = 0;
      long messages = 0;
      long pass = 0;
      Map<String, Long> domains = new HashMap<>();
      Map<String, Long> reporters = new HashMap<>();
      java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();
      for (AggregateReport r : reports) {
        if (day(r).isBefore(range.from())
            || (f.domain() != null && !f.domain().equals(r.policyPublished().domain()))) {
          continue;
        }
        for (ReportRecord x : r.records()) {
          if (f.sourceIp() != null && !f.sourceIp().equals(x.sourceIp().getHostAddress())) {
            continue;
          }
          records++;
          messages += x.count();
          pass += x.policyEvaluated().dmarcPass() ? x.count() : 0;
          domains.merge(r.policyPublished().domain(), x.count(), Long::sum);
          reporters.merge(r.metadata().orgName(), x.count(), Long::sum);
          days.add(day(r));
        }
      }
      RecordTotals t = q.totals(f);
      assertThat(new long[] {t.records(), t.messages(), t.dmarcPass()})
          .as(f.toString())
          .containsExactly(records, messages, pass);
      assertThat(t.domainCount()).isEqualTo(domains.size());
      assertThat(t.domains()).isEqualTo(named(domains));
      assertThat(t.reporterCount()).isEqualTo(reporters.size());
      assertThat(t.reporters()).isEqualTo(named(reporters));
      assertThat(t.days()).containsExactlyElementsOf(days);
      Page<RecordRow> page = q.records(f, new PageRequest(1, 5));
      assertThat(t.records()).isEqualTo(page.total());
      if (page.total() > 5) {
        assertThat(page.items().stream().mapToLong(RecordRow::count).sum())
            .as("the totals are not the page's")
            .isLessThan(t.messages());
      }
    }
  }

  private static List<RecordTotals.Named> named(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> new RecordTotals.Named(e.getKey(), e.getValue()))
        .sorted(
            java.util.Comparator.comparingLong(RecordTotals.Named::messages)
                .reversed()
                .thenComparing(RecordTotals.Named::name))
        .toList();
  }

  @Test
  void report_onePageOfItsRecords_totalsOverAll() throws Exception {
    AggregateReport big = TestReports.simple("google.com", "big-1", "example.com", 0, 1201);
    try (TestStore other = open("sql_report_pages")) {
      long id = other.store(List.of(big));
      SqlReportCatalog catalog =
          new SqlReportCatalog(
              other.reader(),
              new TrafficRollup(other.reader()),
              StoreBackend.loader(other.store()));
      ReportTotals expected =
          new ReportTotals(
              1201,
              big.messageCount(),
              big.records().stream()
                  .filter(x -> x.policyEvaluated().dmarcPass())
                  .mapToLong(ReportRecord::count)
                  .sum(),
              big.records().stream()
                  .filter(x -> x.policyEvaluated().dkim() == DmarcResultType.PASS)
                  .mapToLong(ReportRecord::count)
                  .sum(),
              big.records().stream()
                  .filter(x -> x.policyEvaluated().spf() == DmarcResultType.PASS)
                  .mapToLong(ReportRecord::count)
                  .sum());
      for (int p = 1; p <= 4; p++) {
        ReportDetail d = catalog.report(id, new PageRequest(p, 500)).orElseThrow();
        int from = Math.min(1201, (p - 1) * 500);
        int to = Math.min(1201, p * 500);
        assertThat(d.records().items()).as("page " + p).isEqualTo(big.records().subList(from, to));
        assertThat(d.stored().report().records()).isEqualTo(d.records().items());
        assertThat(d.totals()).isEqualTo(expected);
        assertThat(d.records().total()).isEqualTo(1201);
        assertThat(d.records().pastEnd()).isEqualTo(p == 4);
        assertThat(d.stored().summary().messages()).isEqualTo(big.messageCount());
        assertThat(d.stored().summary().records()).isEqualTo(1201);
        assertThat(d.stored().report().metadata()).isEqualTo(big.metadata());
      }
      assertThat(catalog.report(id).orElseThrow().report().records()).hasSize(1201);
      assertThat(catalog.report(id + 1, new PageRequest(1, 500))).isEmpty();
      // every child row (DKIM, SPF, override reasons) stays with its own record
      AggregateReport full = TestReports.full();
      long fullId = other.store(List.of(full));
      for (int p = 1; p <= full.records().size(); p++) {
        assertThat(catalog.report(fullId, new PageRequest(p, 1)).orElseThrow().records().items())
            .containsExactly(full.records().get(p - 1));
      }
    }
  }

  @Test
  void ingestionLog_sourcesInputsFailuresAndOriginals() {
    db.reader()
        .write(
            c -> {
              try (java.sql.Statement st = c.createStatement()) {
                st.execute(
                    "INSERT INTO ingested_input VALUES ('a1', 'FILE', '/in/a.xml', 1, 0,"
                        + " TIMESTAMP '2026-03-15 10:00:00'), ('a2', 'IMAP', 'INBOX/7', 0, 1,"
                        + " TIMESTAMP '2026-03-15 11:00:00'), ('a3', 'FILE', '/in/b.zip', 2, 0,"
                        + " TIMESTAMP '2026-03-15 12:00:00')");
              }
              try (java.sql.PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO ingest_failure (id, failed_at, reason, content_sha256,"
                          + " original_size, original, truncated, source_kind, source_mailbox,"
                          + " source_message_id) VALUES (41, TIMESTAMP '2026-03-15 11:00:00',"
                          + " 'no aggregate report', 'f1', 5, ?, false, 'IMAP', 'INBOX', '<m1@x>')")) {
                ps.setBytes(1, "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ps.executeUpdate();
              }
              return null;
            });
    SqlIngestionLog log = new SqlIngestionLog(db.reader());
    assertThat(log.sources())
        .extracting(s -> s.kind() + ":" + s.inputs() + ":" + s.reports() + ":" + s.failures())
        .containsExactly("file:2:3:0", "imap:1:0:1");
    assertThat(log.recentInputs(2))
        .extracting(i -> i.name())
        .containsExactly("/in/b.zip", "INBOX/7");
    assertThat(log.failures(10)).hasSize(1);
    assertThat(log.failures(10).get(0).source()).isEqualTo("imap INBOX message <m1@x>");
    assertThat(
            new String(
                log.failureOriginal(41).orElseThrow().bytes(),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("hello");
    assertThat(log.failureOriginal(42)).isEmpty();
  }
}
