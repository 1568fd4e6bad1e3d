// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.SourceReport;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.RecordQuery;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.sql.SqlRecordQueries;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web's long reads on PostgreSQL with a pool of a single connection. An analysis reads the
 * owner's marks while it streams a domain's rows, and an export waits on a client that downloads
 * slowly: neither may hold a connection while it waits for something else. The audit of the
 * 1M-record store saw a pool of four used up by four such requests: the pages answered 500 and
 * {@code /health} 503 after 30 s. With one connection the same holds for a single request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnePooledConnectionIT {
  private static final Instant NOW = Instant.parse("2024-05-20T12:00:00Z");
  private static final LocalDate FROM = LocalDate.parse("2024-05-01");
  private static final LocalDate TO = LocalDate.parse("2024-05-20");

  private final List<AggregateReport> reports = new ArrayList<>();
  private TestStore db;

  @BeforeAll
  void load() throws Exception {
    db = TestStore.postgres("one_connection", 1);
    for (int i = 0; i < 12; i++) {
      reports.add(TestReports.simple("google.com", "one-" + i, "example.com", i, 30 + i));
    }
    db.store(reports);
  }

  @AfterAll
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private long expectedRecords() {
    return reports.stream().mapToLong(r -> r.records().size()).sum();
  }

  @Test
  void analysis_readsTheOwnersMarksWhileItStreamsRows() {
    try (DomainAnalyses analyses =
        StoreAnalyses.open(
            db.store(),
            GeoIp.absent(),
            () -> AdvisorThresholds.DEFAULTS,
            d -> null,
            Clock.fixed(NOW, ZoneOffset.UTC))) {
      DomainSnapshot first = analyses.snapshot("example.com", FROM, TO);
      SourceReport marked = first.sources().get(0);
      analyses.mark("example.com", marked.source(), OwnerMark.NOT_MINE);
      DomainSnapshot s = analyses.snapshot("example.com", FROM, TO);
      assertThat(s.records()).isEqualTo(expectedRecords());
      assertThat(s.sources())
          .filteredOn(r -> r.source().equals(marked.source()))
          .extracting(SourceReport::ownerMark)
          .containsExactly(OwnerMark.NOT_MINE);
    }
  }

  @Test
  void storeExport_othersReadWhileTheClientIsSlow() throws Exception {
    AtomicLong othersRead = new AtomicLong();
    long sent =
        db.store()
            .exportRecords(
                new RecordQuery(null, null),
                row -> othersRead.addAndGet(readByAnotherRequest(db.store())));
    assertThat(sent).isEqualTo(expectedRecords());
    assertThat(othersRead.get()).isEqualTo(sent * reports.size());
  }

  @Test
  void webExport_othersReadWhileTheClientIsSlow() throws Exception {
    AtomicLong othersRead = new AtomicLong();
    long sent =
        new SqlRecordQueries(db.reader())
            .export(
                new RecordFilter(null, null, new DateRange(FROM, TO)),
                row -> othersRead.addAndGet(readByAnotherRequest(db.store())));
    assertThat(sent).isEqualTo(expectedRecords());
    assertThat(othersRead.get()).isEqualTo(sent * reports.size());
  }

  /** What another request reads meanwhile, on another thread (the pool's wait is 30 s). */
  private static long readByAnotherRequest(ReportStore store) {
    try {
      return CompletableFuture.supplyAsync(
              () ->
                  store.read(
                      c -> {
                        try (var st = c.createStatement();
                            var rs = st.executeQuery("SELECT COUNT(*) FROM aggregate_report")) {
                          rs.next();
                          return rs.getLong(1);
                        }
                      }))
          .get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("another request could not read: " + e, e);
    }
  }
}
