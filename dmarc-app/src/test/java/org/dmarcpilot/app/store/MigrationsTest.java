// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made by an earlier release takes the migrations that came later, whatever their tier's
 * version range: a store migration numbered below web migrations that were already applied is
 * applied too (an upgrade once stopped with "resolved migration not applied to database: 3").
 */
class MigrationsTest {
  @TempDir Path dir;

  @Test
  void migrate_anOlderDatabase_appliesTheLowerNumberedMigrationsItLacks() throws Exception {
    Path all = Path.of(Migrations.class.getResource("/db/migration").toURI());
    Path older = Files.createDirectories(dir.resolve("older"));
    List<String> left = new ArrayList<>();
    try (Stream<Path> files = Files.list(all)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        // the release before: store V1 (and DuckDB's V2), enrichment V50/V51, web V100
        if (name.startsWith("V3__")
            || name.startsWith("V5__")
            || name.startsWith("V101__")
            || name.startsWith("V102__")
            || name.startsWith("V103__")) {
          left.add(name);
        } else {
          Files.copy(f, older.resolve(name));
        }
      }
    }
    assertThat(left).hasSize(5);
    Path engine = Path.of(Migrations.class.getResource("/db/engine/duckdb").toURI());
    Path olderEngine = Files.createDirectories(dir.resolve("older-duckdb"));
    try (Stream<Path> files = Files.list(engine)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("V4__")) {
          left.add(name); // DuckDB's V4 came with this release too
        } else {
          Files.copy(f, olderEngine.resolve(name));
        }
      }
    }
    assertThat(left).hasSize(6);
    String url = "jdbc:duckdb:" + dir.resolve("old.duckdb");
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(url, null, null)
        .locations("filesystem:" + older, "filesystem:" + olderEngine)
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(tables(c))
          .contains("aggregate_report", "web_user")
          .doesNotContain("report_original");
    }

    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(Migrations.migrate(c, StoreEngine.DUCKDB, "the old database")).isEqualTo(6);
      assertThat(tables(c)).contains("report_original", "web_ingest_source");
      assertThat(Migrations.migrate(c, StoreEngine.DUCKDB, "the old database")).isZero();
    }
  }

  @Test
  void duckDb_keepsTheOriginalsBytesUncompressed() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("originals.duckdb");
    long total = 0;
    try (Connection c = DriverManager.getConnection(url)) {
      Migrations.migrate(c, StoreEngine.DUCKDB, "the test database");
      try (var ps =
          c.prepareStatement(
              "INSERT INTO report_original (report_pk, filename, media_type, size, bytes)"
                  + " VALUES (?, 'r.xml', 'text/xml', ?, ?)")) {
        for (int i = 1; i <= 2000; i++) {
          // plain XML, which DuckDB would compress (FSST, ZSTD) if the column let it
          byte[] xml =
              ("<record><row><source_ip>192.0.2."
                      + (i % 250)
                      + "</source_ip><count>"
                      + i
                      + "</count></row></record>")
                  .repeat(20)
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          total += xml.length;
          ps.setLong(1, i);
          ps.setLong(2, xml.length);
          ps.setBytes(3, xml);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      List<String> compressions = new ArrayList<>();
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
        try (ResultSet rs =
            st.executeQuery(
                "SELECT DISTINCT compression FROM pragma_storage_info('report_original')"
                    + " WHERE column_name = 'bytes' AND segment_type = 'BLOB'")) {
          while (rs.next()) {
            compressions.add(rs.getString(1));
          }
        }
        try (ResultSet rs =
            st.executeQuery("SELECT count(*), sum(octet_length(bytes)) FROM report_original")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(2000);
          assertThat(rs.getLong(2)).isEqualTo(total);
        }
      }
      assertThat(compressions).containsExactly("Uncompressed");
    }
  }

  private static List<String> tables(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
