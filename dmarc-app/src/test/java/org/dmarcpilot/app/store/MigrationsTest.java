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
        if (name.startsWith("V3__") || name.startsWith("V101__")) {
          left.add(name);
        } else {
          Files.copy(f, older.resolve(name));
        }
      }
    }
    assertThat(left).hasSize(2);
    String url = "jdbc:duckdb:" + dir.resolve("old.duckdb");
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(url, null, null)
        .locations("filesystem:" + older, Migrations.ENGINE_LOCATION + "duckdb")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(tables(c))
          .contains("aggregate_report", "web_user")
          .doesNotContain("report_original");
    }

    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(Migrations.migrate(c, StoreEngine.DUCKDB, "the old database")).isEqualTo(2);
      assertThat(tables(c)).contains("report_original", "web_ingest_source");
      assertThat(Migrations.migrate(c, StoreEngine.DUCKDB, "the old database")).isZero();
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
