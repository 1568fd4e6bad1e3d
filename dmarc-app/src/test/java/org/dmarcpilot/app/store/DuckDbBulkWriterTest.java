// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's bulk rows through CSV and {@code COPY}, on the store's own schema in a real DuckDB file:
 * every text (quotes, commas, line breaks, NUL, non-BMP characters, the empty string and NULL)
 * reads back exactly; a row over DuckDB's line limit goes through the appender with the table's
 * order kept; no temporary file is left, after a commit or a rollback, and one a dead process left
 * is removed when the store opens.
 */
class DuckDbBulkWriterTest {
  @TempDir Path dir;
  private DuckDBConnection c;

  @BeforeEach
  void open() throws SQLException {
    ReportStores.open(StoreConfig.inDataDir(dir)).close(); // the schema, by the migrations
    c =
        (DuckDBConnection)
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(StoreConfig.DUCKDB_FILE));
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String ddl : JdbcReportStore.STAGING_DDL) {
        st.execute(ddl); // the connection's staging tables, as the store makes them
      }
      st.execute("SELECT 1"); // begins the transaction before the appender is used
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  /** Texts no report should have, but a hostile one may. */
  private static List<@Nullable String> texts() {
    List<@Nullable String> out = new ArrayList<>();
    out.add(null);
    out.add("");
    out.add(" ");
    out.add("\"");
    out.add("\"\"");
    out.add("a,b");
    out.add("line\nbreak");
    out.add("cr\rlf\r\n");
    out.add("nul\0byte");
    out.add("NULL");
    out.add("\\N");
    out.add("back\\slash");
    out.add("t\u00e9xt \u20ac \ud83d\ude00 \ufeff\u2028");
    out.add("\"quoted, \u00e9\"\n");
    SplittableRandom r = new SplittableRandom(7);
    char[] pool = {'\0', '\r', '\n', '"', ',', '\\', '\t', ' ', 'a', '\u00e9', '\u20ac', '\''};
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int k = 0; k < len; k++) {
        switch (r.nextInt(4)) {
          case 0 -> sb.append(pool[r.nextInt(pool.length)]);
          case 1 -> sb.appendCodePoint(0x1F600 + r.nextInt(50));
          case 2 -> sb.append((char) (0x20 + r.nextInt(0x5f)));
          default -> sb.append((char) r.nextInt(0xD7FF));
        }
      }
      out.add(i % 97 == 0 ? null : sb.toString());
    }
    return out;
  }

  @Test
  void records_everyTextAndType_readBackExactly_noFileLeft() throws Exception {
    List<@Nullable String> texts = texts();
    LocalDate day = LocalDate.of(2026, 2, 28);
    try (DuckDbBulkWriter w = new DuckDbBulkWriter(c, dir)) {
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        w.row(
            ChildTable.RECORD,
            7L,
            i,
            "example.com",
            day,
            "192.0.2." + (i % 256),
            Long.MAX_VALUE - i,
            "none",
            t,
            i % 2 == 0 ? null : "pass",
            "example.com",
            t,
            t == null ? "" : t + t,
            t);
      }
      w.finish();
    }
    c.commit();

    int n = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT row_no, report_day, message_count, dkim_aligned, spf_aligned,"
                    + " envelope_from, envelope_to, extensions FROM aggregate_record"
                    + " ORDER BY row_no")) {
      while (rs.next()) {
        int i = rs.getInt(1);
        assertThat(i).isEqualTo(n++);
        String t = texts.get(i);
        assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(day);
        assertThat(rs.getLong(3)).isEqualTo(Long.MAX_VALUE - i);
        assertThat(rs.getString(4)).as("row %d", i).isEqualTo(t);
        assertThat(rs.getString(5)).isEqualTo(i % 2 == 0 ? null : "pass");
        assertThat(rs.getString(6)).as("row %d", i).isEqualTo(t);
        assertThat(rs.getString(7)).as("row %d", i).isEqualTo(t == null ? "" : t + t);
        assertThat(rs.getString(8)).as("row %d", i).isEqualTo(t);
      }
    }
    assertThat(n).isEqualTo(texts.size());
    assertThat(bulkFiles()).isEmpty();
  }

  @Test
  void stagedReport_timestampsAndBooleans_readBackExactly() throws Exception {
    LocalDateTime begin = LocalDateTime.of(2026, 11, 30, 0, 0, 0);
    LocalDateTime odd = LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123_456_000);
    try (DuckDbBulkWriter w = new DuckDbBulkWriter(c, dir)) {
      for (LocalDateTime t : List.of(begin, odd)) {
        w.row(
            ChildTable.INPUT_STAGE,
            "sha-" + t.getYear(),
            "FILE",
            "name, \"quoted\"\n" + t.getYear(),
            3,
            0,
            t);
      }
      w.finish();
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT content_sha256, source_name, reports, ingested_at"
                    + " FROM ingested_input_stage ORDER BY content_sha256")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("sha-1999");
      assertThat(rs.getString(2)).isEqualTo("name, \"quoted\"\n1999");
      assertThat(rs.getInt(3)).isEqualTo(3);
      assertThat(rs.getObject(4, LocalDateTime.class)).isEqualTo(odd);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(4, LocalDateTime.class)).isEqualTo(begin);
    }
    c.rollback();
  }

  @Test
  void rowOverTheLineLimit_goesThroughTheAppender_inTheTablesOrder() throws Exception {
    String huge = "<ext>" + "x\"y,\n".repeat(CsvBatch.MAX_ROW_BYTES / 4) + "</ext>";
    try (DuckDbBulkWriter w = new DuckDbBulkWriter(c, dir)) {
      for (int i = 0; i < 5; i++) {
        w.row(
            ChildTable.RECORD,
            1L,
            i,
            "example.com",
            LocalDate.of(2026, 1, 1),
            "192.0.2.1",
            1L,
            "none",
            null,
            null,
            "example.com",
            null,
            null,
            i == 2 ? huge : "small " + i);
      }
      w.finish();
    }
    List<String> ext = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT extensions FROM aggregate_record")) {
      while (rs.next()) { // the table's own order: no ORDER BY
        ext.add(rs.getString(1));
      }
    }
    assertThat(ext).hasSize(5);
    assertThat(ext.get(2)).isEqualTo(huge);
    assertThat(ext.get(0)).isEqualTo("small 0");
    assertThat(ext.get(1)).isEqualTo("small 1");
    assertThat(ext.get(3)).isEqualTo("small 3");
    assertThat(ext.get(4)).isEqualTo("small 4");
    c.rollback();
    assertThat(bulkFiles()).isEmpty();
  }

  @Test
  void closedWithoutFinish_rolledBack_noRowsNoFile() throws Exception {
    try (DuckDbBulkWriter w = new DuckDbBulkWriter(c, dir)) {
      w.row(ChildTable.ERROR, 1L, 0, "an error");
      assertThat(bulkFiles()).hasSize(1);
    }
    c.rollback();
    assertThat(bulkFiles()).isEmpty();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM aggregate_report_error")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void fileLeftByADeadProcess_removedWhenTheStoreOpens() throws Exception {
    c.close();
    Path left = Files.writeString(dir.resolve(CsvBatch.TEMP_PREFIX + "123.csv"), "1,0,\"x\"\n");
    ReportStores.open(StoreConfig.inDataDir(dir)).close();
    assertThat(left).doesNotExist();
    c =
        (DuckDBConnection)
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(StoreConfig.DUCKDB_FILE));
  }

  private List<Path> bulkFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> Objects.toString(f.getFileName()).startsWith(CsvBatch.TEMP_PREFIX))
          .toList();
    }
  }
}
