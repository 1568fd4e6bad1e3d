// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store contract on embedded DuckDB. */
class DuckDbReportStoreTest extends ReportStoreContract {
  @TempDir Path dir;

  @Override
  ReportStore openStore() {
    return ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
  }

  @Override
  List<String> indexesOn(String table) {
    return store.read(
        c -> {
          List<String> names = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT index_name FROM duckdb_indexes() WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                names.add(rs.getString(1));
              }
            }
          }
          return names;
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aggregate_record",
        "aggregate_record_dkim",
        "aggregate_record_spf",
        "aggregate_record_override"
      })
  void open_childTablesKeepNoArtIndex(String table) {
    // V2 (DuckDB only): zone maps over the report_pk order serve the lookups
    assertThat(indexesOn(table)).isEmpty();
  }

  @Test
  void largeFailureCopies_oneTransactionEach_staysWithinTheMemoryLimit() {
    // as serve logs them (a mailbox of big junk, one transaction each): DuckDB kept every value
    // over about 64 KiB in its buffer pool, ran out of its 256 MB after about 20 copies of 10 MiB
    // and then refused every statement ("FATAL Error: Failed to rollback transaction")
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 30; i++) {
      byte[] b = new byte[10 << 20];
      random.nextBytes(b);
      assertThat(
              store.logFailure(
                  IngestFailure.of(Provenance.file("/in/big" + i), "junk", b, b.length)))
          .isTrue();
    }
    assertThat(store.totals().failures()).isEqualTo(30);
    assertThat(store.failures(1).get(0).original()).hasSize(10 << 20);
  }

  @Test
  void childRows_inReportOrder_soZoneMapsFindAReport() {
    List<IncomingReport> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(
          TestReports.incoming(TestReports.simple("z.example", "r" + i, "example.com", i, 3)));
    }
    store.storeAll(batch);
    boolean ordered =
        store.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT bool_and(report_pk >= prev) FROM (SELECT report_pk,"
                              + " lag(report_pk, 1, 0) OVER (ORDER BY rowid) AS prev"
                              + " FROM aggregate_record)")) {
                rs.next();
                return rs.getBoolean(1);
              }
            });
    assertThat(ordered).isTrue();
  }

  @Test
  void reopen_keepsTheData() {
    store.store(TestReports.incoming(TestReports.full()));
    store.close();
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    assertThat(store.totals().reports()).isEqualTo(1);
    assertThat(store.engine()).isEqualTo(StoreEngine.DUCKDB);
  }

  @Test
  void exportRecords_manyMoreRecordsThanDuckDbsMemoryHolds_allStreamed() {
    // the export once ran as one query that sorted and folded every record in DuckDB's memory:
    // a store of a million records failed with "Out of Memory Error" at the default limit
    Path data = dir.resolve("small-memory");
    try (ReportStore s = ReportStores.open(StoreConfig.inDataDir(data).withDuckDb("24MB", 1))) {
      List<IncomingReport> reports = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        reports.add(
            TestReports.incoming(
                TestReports.simple("g.example", "m" + i, "d" + (i % 3) + ".example", i % 7, 2500)));
      }
      s.storeAll(reports);
      long[] seen = new long[2];
      long n =
          s.exportRecords(
              RecordQuery.all(),
              r -> {
                seen[0]++;
                seen[1] += r.messageCount();
              });
      assertThat(n).isEqualTo(150_000).isEqualTo(seen[0]);
      assertThat(seen[1]).isEqualTo(60L * (2500L * 2501 / 2));
    }
  }
}
