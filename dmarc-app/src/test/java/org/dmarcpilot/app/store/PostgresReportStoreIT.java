// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Override
  void dropStore() throws Exception {
    if (db != null) {
      db.close();
    }
  }
}
