// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract: every engine passes the same tests. */
abstract class ReportStoreContract {
  protected ReportStore store;

  /** A new, empty, migrated store. */
  abstract ReportStore openStore() throws Exception;

  /** Releases what {@link #openStore} made. */
  void dropStore() throws Exception {}

  /** The names of the indexes (not constraints) the engine keeps on {@code table}. */
  abstract List<String> indexesOn(String table);

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

  @Test
  void open_migratesToTheLatestVersion() {
    int applied =
        store.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT count(*) FROM flyway_schema_history WHERE success"
                              + " AND version = '1'")) {
                rs.next();
                return rs.getInt(1);
              }
            });
    assertThat(applied).isEqualTo(1);
    assertThat(store.totals()).isEqualTo(new StoreTotals(0, 0, 0, 0));
  }

  @Test
  void open_reportTableIndexedForTheDashboardOnEveryEngine() {
    assertThat(indexesOn("aggregate_report")).contains("aggregate_report_domain_begin");
  }

  @Test
  void store_fullReport_roundTripsEveryField() {
    AggregateReport report = TestReports.full();
    IncomingReport in =
        new IncomingReport(
            report,
            Sha256.of("payload".getBytes(StandardCharsets.UTF_8)),
            new Provenance(SourceKind.IMAP, null, "dmarc@imap.example/INBOX", "<m1@x>", "r.zip"));
    StoreResult result = store.store(in);

    assertThat(result.outcome()).isEqualTo(StoreResult.Outcome.STORED);
    assertThat(result.reportPk()).isPositive();
    StoredReport back = store.findReport(result.reportPk()).orElseThrow();
    assertThat(back.report()).isEqualTo(report);
    assertThat(back.source()).isEqualTo(in.source());
    assertThat(back.contentSha256()).isEqualTo(in.contentSha256());
    assertThat(store.findReport(DedupKey.of(report)).orElseThrow().pk())
        .isEqualTo(result.reportPk());
    assertThat(store.totals()).isEqualTo(new StoreTotals(1, 2, 42, 0));
  }

  @Test
  void store_sameKeyTwice_secondIsDuplicateAndNothingIsWritten() {
    AggregateReport r = TestReports.simple("google.com", "1", "example.com", 0, 3);
    assertThat(store.store(TestReports.incoming(r)).stored()).isTrue();
    // same key, different content: still the same report
    AggregateReport again = TestReports.simple("google.com", "1", "example.com", 0, 5);
    StoreResult second = store.store(TestReports.incoming(again));

    assertThat(second.outcome()).isEqualTo(StoreResult.Outcome.DUPLICATE);
    assertThat(second.reportPk()).isZero();
    assertThat(store.totals().reports()).isEqualTo(1);
    assertThat(store.totals().records()).isEqualTo(3);
  }

  @Test
  void storeAll_duplicatesInsideOneBatch_storeTheFirst() {
    AggregateReport a = TestReports.simple("yahoo.com", "7", "example.com", 1, 2);
    AggregateReport b = TestReports.simple("yahoo.com", "8", "example.com", 1, 1);
    List<StoreResult> results =
        store.storeAll(
            List.of(TestReports.incoming(a), TestReports.incoming(b), TestReports.incoming(a)));

    assertThat(results)
        .extracting(StoreResult::outcome)
        .containsExactly(
            StoreResult.Outcome.STORED, StoreResult.Outcome.STORED, StoreResult.Outcome.DUPLICATE);
    assertThat(store.totals()).isEqualTo(new StoreTotals(2, 3, 1 + 2 + 1, 0));
  }

  @Test
  void storeAll_keyDiffersInEachPart_allStored() {
    List<IncomingReport> batch =
        List.of(
            TestReports.incoming(TestReports.simple("a.example", "1", "example.com", 0, 1)),
            TestReports.incoming(TestReports.simple("b.example", "1", "example.com", 0, 1)),
            TestReports.incoming(TestReports.simple("a.example", "2", "example.com", 0, 1)),
            TestReports.incoming(TestReports.simple("a.example", "1", "example.org", 0, 1)),
            TestReports.incoming(TestReports.simple("a.example", "1", "example.com", 1, 1)));
    assertThat(store.storeAll(batch)).allMatch(StoreResult::stored);
    assertThat(store.totals().reports()).isEqualTo(5);
  }

  @Test
  void storeAll_largeBatch_totalsExact() {
    List<IncomingReport> batch = new ArrayList<>();
    long records = 0;
    for (int i = 0; i < 700; i++) {
      int n = 1 + (i * 7919) % 23;
      records += n;
      batch.add(
          TestReports.incoming(
              TestReports.simple("big.example", "r" + i, "example.com", i % 9, n)));
    }
    List<StoreResult> results = store.storeAll(batch);
    assertThat(results).allMatch(StoreResult::stored);
    assertThat(results).extracting(StoreResult::reportPk).doesNotHaveDuplicates();
    assertThat(store.totals().reports()).isEqualTo(700);
    assertThat(store.totals().records()).isEqualTo(records);
    // the whole batch again: all duplicates, nothing added
    assertThat(store.storeAll(batch)).noneMatch(StoreResult::stored);
    assertThat(store.totals().records()).isEqualTo(records);
  }

  @Test
  void storeAll_failureInTheMiddle_storesNothingOfTheBatch() {
    // break the last child table the batch writes to: the report rows, written first, must go too
    store.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("DROP INDEX IF EXISTS aggregate_record_override_report");
            st.execute("DROP TABLE aggregate_record_override");
          }
          return null;
        });
    List<IncomingReport> batch =
        List.of(
            TestReports.incoming(TestReports.simple("x.example", "1", "example.com", 0, 2)),
            TestReports.incoming(TestReports.full()));

    assertThatThrownBy(() -> store.storeAll(batch))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot store a batch of 2 reports");
    assertThat(store.totals()).isEqualTo(new StoreTotals(0, 0, 0, 0));
    long dkimRows =
        store.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT count(*) FROM aggregate_record_dkim")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(dkimRows).isZero();
  }

  @Test
  void storeAll_concurrentWritersOverlappingInput_totalsExact() throws Exception {
    int writers = 4;
    int reports = 120;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<List<StoreResult>>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int shift = w * 17;
        Callable<List<StoreResult>> task =
            () -> {
              List<StoreResult> all = new ArrayList<>();
              for (int from = 0; from < reports; from += 30) {
                List<IncomingReport> batch = new ArrayList<>();
                for (int i = from; i < from + 30; i++) {
                  int k = (i + shift) % reports;
                  batch.add(
                      TestReports.incoming(
                          TestReports.simple("c.example", "r" + k, "example.com", 0, 1 + k % 5)));
                }
                all.addAll(store.storeAll(batch));
              }
              return all;
            };
        futures.add(pool.submit(task));
      }
      long stored = 0;
      for (Future<List<StoreResult>> f : futures) {
        stored += f.get().stream().filter(StoreResult::stored).count();
      }
      long expectedRecords = 0;
      for (int k = 0; k < reports; k++) {
        expectedRecords += 1 + k % 5;
      }
      assertThat(stored).isEqualTo(reports);
      assertThat(store.totals().reports()).isEqualTo(reports);
      assertThat(store.totals().records()).isEqualTo(expectedRecords);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void store_nulInMailHeaderValues_storedWithTheReplacementCharacter() {
    // a Message-ID, an attachment name (RFC 2231 allows %00) and a reason quoting it can carry
    // U+0000, which PostgreSQL text cannot hold: the store keeps U+FFFD instead, as the report
    // reader does for a NUL in XML, on every engine
    IncomingReport in =
        new IncomingReport(
                TestReports.simple("n.example", "1", "example.com", 0, 2),
                Sha256.of(new byte[] {1}),
                new Provenance(
                    SourceKind.IMAP, null, "u@imap.example/INBOX", "<a\u0000b@x>", "r\u0000.zip"))
            .withOriginal(new ReportOriginal("r\u0000.zip", "application/zip", 1, new byte[] {1}));
    IngestFailure f =
        IngestFailure.of(
            new Provenance(SourceKind.IMAP, null, "u@imap.example/INBOX", "<c\u0000@x>", null),
            "x\u0000.zip: not a zip",
            new byte[] {2},
            1024);

    StoreResult r = store.store(in);
    assertThat(store.logFailure(f)).isTrue();

    assertThat(r.stored()).isTrue();
    Provenance back = store.findReport(r.reportPk()).orElseThrow().source();
    assertThat(back.messageId()).isEqualTo("<a\uFFFDb@x>");
    assertThat(back.part()).isEqualTo("r\uFFFD.zip");
    assertThat(store.findOriginal(r.reportPk()).orElseThrow().fileName()).isEqualTo("r\uFFFD.zip");
    IngestFailure logged = store.failures(10).get(0);
    assertThat(logged.reason()).isEqualTo("x\uFFFD.zip: not a zip");
    assertThat(logged.source().messageId()).isEqualTo("<c\uFFFD@x>");
  }

  @Test
  void logFailure_keepsBytesAndReason_onceForTheSameBytes() {
    byte[] input = new byte[5000];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) i;
    }
    Provenance src = Provenance.file("/in/bad.xml.gz");
    IngestFailure f = IngestFailure.of(src, "gzip: unexpected end of stream", input, 1024);

    assertThat(store.logFailure(f)).isTrue();
    assertThat(store.logFailure(IngestFailure.of(src, "again", input, 1024))).isFalse();

    List<IngestFailure> logged = store.failures(10);
    assertThat(logged).containsExactly(f);
    assertThat(logged.get(0).truncated()).isTrue();
    assertThat(logged.get(0).originalSize()).isEqualTo(5000);
    assertThat(logged.get(0).original()).hasSize(1024);
    assertThat(store.totals().failures()).isEqualTo(1);
  }

  @Test
  void largeOriginalsAndFailureCopies_comeBackWhole() {
    // held in 32 KiB parts after the first (V6); sizes around the part boundaries
    java.util.Random random = new java.util.Random(42);
    int[] sizes = {
      BlobParts.PART_BYTES - 1,
      BlobParts.PART_BYTES,
      BlobParts.PART_BYTES + 1,
      3 * BlobParts.PART_BYTES,
      1_000_000
    };
    List<IngestFailure> failures = new ArrayList<>();
    List<IncomingReport> reports = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[sizes[i]];
      random.nextBytes(b);
      failures.add(IngestFailure.of(Provenance.file("/in/big" + i), "junk " + i, b, 2_000_000));
      reports.add(
          TestReports.incoming(TestReports.simple("big.example", "B" + i, "example.com", i, 1))
              .withOriginal(new ReportOriginal("r" + i + ".zip", "application/zip", b.length, b)));
    }
    failures.add(failures.get(4)); // twice: logged once, with its parts once

    StoreBatch.Result r = store.storeBatch(new StoreBatch(reports, failures, List.of()));

    assertThat(r.newFailures()).isEqualTo(sizes.length);
    assertThat(store.failures(10)).containsExactlyInAnyOrderElementsOf(failures.subList(0, 5));
    for (int i = 0; i < sizes.length; i++) {
      assertThat(store.findOriginal(r.results().get(i).reportPk()).orElseThrow().bytes())
          .as("original of %d bytes", sizes[i])
          .isEqualTo(reports.get(i).original().bytes());
    }
  }

  @Test
  void storeBatch_thousandsOfFailuresInOneBatch_logsEveryOneOnce() {
    // a folder or mailbox of junk: one batch holds a failure per input. DuckDB took about 120 KB of
    // index memory per single-row ON CONFLICT insert in a transaction, so 3,000 tiny failures ran
    // past its 256 MB limit and the whole batch failed ("Out of Memory Error")
    List<IngestFailure> failures = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      byte[] junk = ("junk number " + i + "\n").getBytes(StandardCharsets.UTF_8);
      failures.add(
          IngestFailure.of(Provenance.file("/in/junk" + i + ".txt"), "junk " + i, junk, 1024));
    }
    failures.add(failures.get(7)); // the same bytes twice in one batch: logged once
    assertThat(store.logFailure(failures.get(9))).isTrue(); // and bytes logged before: not again

    StoreBatch.Result r = store.storeBatch(new StoreBatch(List.of(), failures, List.of()));

    assertThat(r.newFailures()).isEqualTo(2_999);
    assertThat(store.totals().failures()).isEqualTo(3_000);
    assertThat(store.failures(3_001))
        .hasSize(3_000)
        .contains(failures.get(0), failures.get(2_999), failures.get(7));
  }

  @Test
  void markInputDone_onceByHash() {
    String h = Sha256.of(new byte[] {1, 2, 3});
    assertThat(store.isInputDone(h)).isFalse();
    assertThat(store.markInputDone(h, Provenance.file("/a"), 2, 0)).isTrue();
    assertThat(store.markInputDone(h, Provenance.file("/b"), 2, 0)).isFalse();
    assertThat(store.isInputDone(h)).isTrue();
  }

  @Test
  void exportRecords_filtersByDomainAndDay_joinsMetadata() {
    store.storeAll(
        List.of(
            TestReports.incoming(TestReports.simple("g.example", "1", "example.com", 0, 2)),
            TestReports.incoming(TestReports.simple("g.example", "2", "example.org", 3, 1)),
            TestReports.incoming(TestReports.simple("g.example", "3", "example.com", 5, 1)),
            TestReports.incoming(TestReports.full())));
    List<ExportRow> all = new ArrayList<>();
    assertThat(store.exportRecords(RecordQuery.all(), all::add)).isEqualTo(6);

    List<ExportRow> rows = new ArrayList<>();
    long n =
        store.exportRecords(new RecordQuery("EXAMPLE.com", LocalDate.of(2024, 5, 2)), rows::add);
    assertThat(n).isEqualTo(3);
    // in the order the reports were stored (one batch: in the order of their keys)
    assertThat(rows).extracting(ExportRow::reportId).containsExactly("  id-42 ", "  id-42 ", "3");
    ExportRow full = rows.get(0);
    assertThat(full.sourceIp()).isEqualTo("2001:db8::1");
    assertThat(full.orgName()).isEqualTo("Example Receiver");
    assertThat(full.policyP()).isEqualTo("reject");
    assertThat(full.disposition()).isEqualTo("quarantine");
    assertThat(full.dkim())
        .containsExactly(
            new ExportRow.Dkim("example.com", null, "fail", "body hash \\ bad"),
            new ExportRow.Dkim("esp.example", "sel", "pass", null));
    assertThat(full.spf())
        .containsExactly(
            new ExportRow.Spf("example.com", null, "softfail", "hr"),
            new ExportRow.Spf("helo.example", "helo", "none", null));
    assertThat(full.overrides())
        .containsExactly(
            new ExportRow.Reason("mailing_list", "list\tmail\nok"),
            new ExportRow.Reason("local_policy", null));
    assertThat(full.dkimText()).isEqualTo("example.com/=fail esp.example/sel=pass");
    assertThat(full.spfText()).isEqualTo("example.com=softfail helo:helo.example=none");
    assertThat(full.overridesText()).isEqualTo("mailing_list(list\tmail\nok) local_policy");
    assertThat(full.messageCount()).isEqualTo(42);
    assertThat(rows.get(1).dkim()).isEmpty();
    assertThat(rows.get(1).spf()).isEmpty();
    assertThat(rows.get(1).overrides()).isEmpty();
  }

  @Test
  void exportRecords_manyReportsAndOneLargerThanASlice_eachRecordOnceInOrder() {
    // more reports than a page, and a report of more records than a slice, with every filter
    List<IncomingReport> in = new ArrayList<>();
    for (int i = 0; i < RecordExport.REPORT_PAGE + 150; i++) {
      in.add(
          TestReports.incoming(
              TestReports.simple(
                  "p.example", "p" + i, "d" + (i % 3) + ".example", i % 5, 1 + i % 4)));
    }
    in.add(
        TestReports.incoming(
            TestReports.simple(
                "big.example", "big", "d1.example", 2, 2 * RecordExport.SLICE_RECORDS + 7)));
    List<StoreResult> stored = store.storeAll(in);
    java.util.TreeMap<Long, AggregateReport> byPk = new java.util.TreeMap<>();
    for (int i = 0; i < in.size(); i++) {
      byPk.put(stored.get(i).reportPk(), in.get(i).report());
    }
    LocalDate day0 = LocalDate.ofInstant(in.get(0).report().metadata().begin(), ZoneOffset.UTC);
    List<RecordQuery> queries =
        List.of(
            RecordQuery.all(),
            RecordQuery.listOrder(null, null, null, null),
            new RecordQuery("D1.example", day0.plusDays(1), day0.plusDays(3), null, false),
            new RecordQuery(null, null, day0.plusDays(2), "192.0.2.3", true));
    for (RecordQuery q : queries) {
      List<String> expected = new ArrayList<>();
      List<AggregateReport> order = new ArrayList<>(byPk.values());
      if (q.newestFirst()) {
        java.util.Collections.reverse(order);
      }
      for (AggregateReport r : order) {
        LocalDate day = LocalDate.ofInstant(r.metadata().begin(), ZoneOffset.UTC);
        if ((q.policyDomain() != null && !q.policyDomain().equals(r.policyPublished().domain()))
            || (q.since() != null && day.isBefore(q.since()))
            || (q.until() != null && day.isAfter(q.until()))) {
          continue;
        }
        for (ReportRecord rec : r.records()) {
          String ip = rec.sourceIp().getHostAddress();
          if (q.sourceIp() == null || q.sourceIp().equals(ip)) {
            expected.add(r.metadata().reportId() + " " + ip + " " + rec.count());
          }
        }
      }
      List<String> exported = new ArrayList<>();
      long n =
          store.exportRecords(
              q,
              r -> {
                assertThat(r.dkimText()).isEqualTo(r.policyDomain() + "/s1=pass");
                assertThat(r.spfText()).isEqualTo("mfrom:" + r.policyDomain() + "=pass");
                exported.add(r.reportId() + " " + r.sourceIp() + " " + r.messageCount());
              });
      assertThat(expected).as(q.toString()).isNotEmpty();
      assertThat(exported).as(q.toString()).isEqualTo(expected);
      assertThat(n).isEqualTo(expected.size());
    }
  }

  @Test
  void exportRecords_resultsWithSeparatorsEscapesAndNulls_comeBackExactly() {
    // report text is hostile: whatever the export folds results with must not be taken for data
    String[] texts = {"a|b;c", "\\p\\s\\0\\", "\\0", "", ";", "|", "d\u00f6m\u00e4in 🦆\n\t\""};
    List<DkimAuthResult> dkim = new ArrayList<>();
    List<SpfAuthResult> spf = new ArrayList<>();
    List<PolicyOverrideReason> reasons = new ArrayList<>();
    for (String t : texts) {
      dkim.add(new DkimAuthResult("x" + t, t, DkimResultType.PASS, t));
      spf.add(new SpfAuthResult("y" + t, SpfDomainScope.MFROM, SpfResultType.FAIL, t));
      reasons.add(new PolicyOverrideReason(PolicyOverrideType.OTHER, t));
    }
    dkim.add(new DkimAuthResult("z.example", null, DkimResultType.NONE, null));
    AggregateReport full = TestReports.full();
    ReportRecord first = full.records().get(0);
    ReportRecord hostile =
        new ReportRecord(
            first.sourceIp(),
            first.count(),
            new PolicyEvaluated(
                first.policyEvaluated().disposition(),
                first.policyEvaluated().dkim(),
                first.policyEvaluated().spf(),
                reasons),
            first.identifiers(),
            dkim,
            spf,
            List.of());
    store.storeAll(
        List.of(
            TestReports.incoming(
                new AggregateReport(
                    full.version(),
                    full.schema(),
                    full.metadata(),
                    full.policyPublished(),
                    List.of(hostile),
                    List.of(),
                    List.of()))));

    List<ExportRow> rows = new ArrayList<>();
    store.exportRecords(RecordQuery.all(), rows::add);

    assertThat(rows).hasSize(1);
    ExportRow row = rows.get(0);
    List<ExportRow.Dkim> expectedDkim = new ArrayList<>();
    List<ExportRow.Spf> expectedSpf = new ArrayList<>();
    List<ExportRow.Reason> expectedReasons = new ArrayList<>();
    for (String t : texts) {
      expectedDkim.add(new ExportRow.Dkim("x" + t, t, "pass", t));
      expectedSpf.add(new ExportRow.Spf("y" + t, "mfrom", "fail", t));
      expectedReasons.add(new ExportRow.Reason("other", t));
    }
    expectedDkim.add(new ExportRow.Dkim("z.example", null, "none", null));
    assertThat(row.dkim()).containsExactlyElementsOf(expectedDkim);
    assertThat(row.spf()).containsExactlyElementsOf(expectedSpf);
    assertThat(row.overrides()).containsExactlyElementsOf(expectedReasons);
  }

  @Test
  void write_workThrows_rollsBack() {
    assertThatThrownBy(
            () ->
                store.write(
                    c -> {
                      try (Statement st = c.createStatement()) {
                        st.execute(
                            "INSERT INTO ingested_input VALUES ('x', 'FILE', 'n', 0, 0,"
                                + " TIMESTAMP '2024-01-01 00:00:00')");
                      }
                      throw new java.sql.SQLException("boom");
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("boom");
    assertThat(store.isInputDone("x")).isFalse();
  }

  private long count(String table) {
    return store.read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Every byte value, the COPY escapes among them, then pseudo-random bytes. */
  private static byte[] binary(int size) {
    byte[] b = new byte[size];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = i < 256 ? (byte) i : (byte) x;
    }
    return b;
  }

  private static IncomingReport withOriginal(AggregateReport r, byte[] bytes) {
    return TestReports.incoming(r)
        .withOriginal(new ReportOriginal("r.zip", "application/zip", bytes.length, bytes));
  }

  @Test
  void store_original_roundTripsByteForByte() {
    byte[] small = binary(1000);
    byte[] large = binary(3 << 20);
    List<StoreResult> results =
        store.storeAll(
            List.of(
                withOriginal(TestReports.simple("o.example", "1", "example.com", 0, 2), small),
                withOriginal(TestReports.simple("o.example", "2", "example.com", 0, 1), large),
                TestReports.incoming(TestReports.simple("o.example", "3", "example.com", 0, 1))));

    ReportOriginal first = store.findOriginal(results.get(0).reportPk()).orElseThrow();
    assertThat(first.bytes()).isEqualTo(small);
    assertThat(first.fileName()).isEqualTo("r.zip");
    assertThat(first.mediaType()).isEqualTo("application/zip");
    assertThat(first.size()).isEqualTo(1000);
    assertThat(store.findOriginal(results.get(1).reportPk()).orElseThrow().bytes())
        .isEqualTo(large);
    assertThat(store.findOriginal(results.get(2).reportPk())).isEmpty();
    assertThat(store.findOriginal(999_999)).isEmpty();
  }

  @Test
  void store_plainOriginalHeldGzipped_givenBackAsItArrived() {
    StringBuilder sb = new StringBuilder("<feedback>");
    for (int i = 0; i < 300; i++) {
      sb.append("<record><row><source_ip>198.51.100.").append(i % 200).append("</source_ip></row>");
    }
    byte[] xml = sb.append("</feedback>").toString().getBytes(StandardCharsets.UTF_8);
    ReportOriginal held = new ReportOriginal("r.xml", "application/xml", xml.length, xml);
    long pk =
        store
            .storeAll(
                List.of(
                    TestReports.incoming(TestReports.simple("g.example", "1", "example.com", 0, 1))
                        .withOriginal(held.compacted())))
            .get(0)
            .reportPk();

    long[] row =
        store.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT octet_length(bytes), size,"
                              + " CASE WHEN stored_as = 'gzip' THEN 1 ELSE 0 END"
                              + " FROM report_original WHERE report_pk = "
                              + pk)) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
              }
            });
    assertThat(row[2]).as("held gzipped").isEqualTo(1);
    assertThat(row[1]).isEqualTo(xml.length);
    assertThat(row[0]).isLessThan(xml.length / 4);
    ReportOriginal back = store.findOriginal(pk).orElseThrow();
    assertThat(back.bytes()).isEqualTo(xml);
    assertThat(back.gzipped()).isFalse();
  }

  @Test
  void store_originalOfADuplicate_keepsOneCopy() {
    AggregateReport r = TestReports.simple("d.example", "1", "example.com", 0, 2);
    byte[] a = binary(500);
    byte[] b = "another copy".getBytes(StandardCharsets.UTF_8);
    long pk = store.store(withOriginal(r, a)).reportPk();

    // again, alone and twice in one batch
    assertThat(store.store(withOriginal(r, b)).stored()).isFalse();
    AggregateReport other = TestReports.simple("d.example", "2", "example.com", 0, 1);
    List<StoreResult> batch =
        store.storeAll(List.of(withOriginal(other, a), withOriginal(other, b)));

    assertThat(batch).extracting(StoreResult::stored).containsExactly(true, false);
    assertThat(count("report_original")).isEqualTo(2);
    assertThat(store.findOriginal(pk).orElseThrow().bytes()).isEqualTo(a);
    assertThat(store.findOriginal(batch.get(0).reportPk()).orElseThrow().bytes()).isEqualTo(a);
  }

  @Test
  void store_failureAfterTheOriginals_rollsThemBackWithTheReports() {
    // the failure log is written after the reports and their originals, in the same transaction
    store.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("DROP INDEX IF EXISTS ingest_failure_failed_at");
            st.execute("DROP TABLE ingest_failure");
          }
          return null;
        });
    StoreBatch batch =
        new StoreBatch(
            List.of(
                withOriginal(
                    TestReports.simple("r.example", "1", "example.com", 0, 1), binary(99))),
            List.of(
                new IngestFailure(
                    Provenance.file("/bad.xml"),
                    "bad",
                    Sha256.of(new byte[] {1}),
                    1,
                    new byte[] {1})),
            List.of());

    assertThatThrownBy(() -> store.storeBatch(batch)).isInstanceOf(StoreException.class);
    assertThat(count("aggregate_report")).isZero();
    assertThat(count("report_original")).isZero();
  }

  @Test
  void store_originalOverTheLimit_sizeWithoutBytes() {
    IncomingReport in =
        TestReports.incoming(TestReports.simple("big.example", "1", "example.com", 0, 1))
            .withOriginal(new ReportOriginal("big.zip", "application/zip", 20L << 20, null));

    long pk = store.store(in).reportPk();

    ReportOriginal o = store.findOriginal(pk).orElseThrow();
    assertThat(o.kept()).isFalse();
    assertThat(o.bytes()).isNull();
    assertThat(o.size()).isEqualTo(20L << 20);
  }
}
