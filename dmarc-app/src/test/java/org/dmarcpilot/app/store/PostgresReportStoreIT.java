// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The store contract on a real PostgreSQL server (a fresh database per test). */
class PostgresReportStoreIT extends ReportStoreContract {
  private TestPostgres db;

  @Override
  ReportStore openStore() {
    db = TestPostgres.create("dmarcpilot_h3_store");
    return ReportStores.open(db.config());
  }

  @Override
  List<String> indexesOn(String table) {
    return store.read(
        c -> {
          List<String> names = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT indexname FROM pg_indexes WHERE tablename = ? AND indexname NOT IN"
                      + " (SELECT conname FROM pg_constraint)")) {
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
  @CsvSource({
    "aggregate_record, aggregate_record_report",
    "aggregate_record, aggregate_record_domain_day",
    "aggregate_record, aggregate_record_source_ip",
    "aggregate_record_dkim, aggregate_record_dkim_report",
    "aggregate_record_spf, aggregate_record_spf_report",
    "aggregate_record_override, aggregate_record_override_report"
  })
  void open_childTablesKeepTheirIndexes(String table, String index) {
    // PostgreSQL's heap has no zone maps: V1's indexes stay (V2 is DuckDB's alone)
    assertThat(indexesOn(table)).contains(index);
  }

  @Test
  void open_originalsCompressedWithLz4() {
    // V4 (PostgreSQL only): lz4 costs the server less CPU than pglz for about the same size
    String compression =
        store.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT attcompression FROM pg_attribute WHERE attrelid ="
                              + " 'report_original'::regclass AND attname = 'bytes'")) {
                rs.next();
                return rs.getString(1);
              }
            });
    // this test's server (Debian's PostgreSQL, as CI installs it) is built with lz4
    assertThat(compression).isEqualTo("l");
  }

  @Test
  void store_textWithNul_batchFailsNamingTheColumnAndNothingIsStored() {
    // PostgreSQL text cannot hold U+0000 (a Message-ID or an attachment name can carry one): the
    // batch fails as a whole, as it did when the server refused the byte in COPY's text format
    IncomingReport nulInMessageId =
        new IncomingReport(
            TestReports.simple("n.example", "1", "example.com", 0, 2),
            Sha256.of(new byte[] {1}),
            new Provenance(SourceKind.IMAP, null, "u@imap.example/INBOX", "<a\u0000b@x>", null));
    IncomingReport fine =
        TestReports.incoming(TestReports.simple("n.example", "2", "example.com", 0, 1));

    assertThatThrownBy(() -> store.storeAll(List.of(fine, nulInMessageId)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot store a batch of 2 reports")
        .hasMessageContaining("COPY into aggregate_report_stage: row ")
        .hasMessageContaining(
            "column source_message_id: text holds a NUL character (U+0000) at index 2");
    assertThat(store.totals()).isEqualTo(new StoreTotals(0, 0, 0, 0));

    // the same in the original's file name, written after the report rows
    IncomingReport nulInFileName =
        TestReports.incoming(TestReports.simple("n.example", "3", "example.com", 0, 1))
            .withOriginal(new ReportOriginal("r\u0000.zip", "application/zip", 1, new byte[] {1}));
    assertThatThrownBy(() -> store.store(nulInFileName))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("COPY into report_original: row 1, column filename");
    assertThat(store.totals()).isEqualTo(new StoreTotals(0, 0, 0, 0));

    // the store goes on: the connection's staging tables are clean after the rollback
    assertThat(store.storeAll(List.of(fine))).allMatch(StoreResult::stored);
    assertThat(store.totals().reports()).isEqualTo(1);
  }

  @Override
  void dropStore() throws Exception {
    if (db != null) {
      db.close();
    }
  }
}
