// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A real store with the store's own migrations (the web's included), for testing the web's SQL
 * against rows the store wrote itself: embedded DuckDB in a fresh temporary directory ({@link
 * #duckdb()}), or a fresh database on the PostgreSQL test server ({@link #postgres(String)}).
 * Closing it deletes the directory or drops the database.
 */
public final class TestStore implements AutoCloseable {
  /** Deletes what the store was kept in. */
  @FunctionalInterface
  private interface Cleanup {
    void run() throws Exception;
  }

  private final ReportStore store;
  private final SqlDatabase db;
  private final Cleanup cleanup;

  private TestStore(ReportStore store, Cleanup cleanup) {
    this.store = store;
    this.db = StoreBackend.database(store);
    this.cleanup = cleanup;
  }

  /** A fresh embedded DuckDB store in a temporary directory. */
  public static TestStore duckdb() throws IOException {
    Path dir = Files.createTempDirectory("dmarcpilot-web-test-");
    return new TestStore(ReportStores.open(StoreConfig.inDataDir(dir)), () -> delete(dir));
  }

  /**
   * A fresh database named after {@code name} on the PostgreSQL test server ({@code
   * DMARC_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}; the role must be allowed to create
   * databases), opened by the store as {@code serve --db jdbc:postgresql://...} opens it. The
   * database collates text by ICU's {@code en-US} rules, as a server initialised under {@code
   * en_US.UTF-8} does, not bytewise as DuckDB does: results that depend on the collation show up.
   * Skips the test when the server is not configured, or fails it under {@code
   * -Ddmarc.services.required=true}.
   *
   * @param name a prefix for the database's name (letters, digits and '_')
   */
  public static TestStore postgres(String name) throws SQLException {
    return postgres(name, StoreConfig.DEFAULT_POOL_SIZE);
  }

  /**
   * As {@link #postgres(String)}, with a pool of {@code poolSize} connections.
   *
   * @param name a prefix for the database's name (letters, digits and '_')
   * @param poolSize the connections in the store's pool
   */
  public static TestStore postgres(String name, int poolSize) throws SQLException {
    RequiredService.require(
        TestDatabases.postgresConfigured(),
        "PostgreSQL (DMARC_TEST_POSTGRES_URL, _USER and _PASSWORD)");
    String adminUrl = System.getenv("DMARC_TEST_POSTGRES_URL");
    String user = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_USER", "dmarcpilot");
    String password = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_PASSWORD", "dmarcpilot");
    String database =
        ("web_" + name + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "_");
    Cleanup drop =
        () -> {
          try (Connection c = DriverManager.getConnection(adminUrl, user, password);
              Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
          }
        };
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE DATABASE "
              + database
              + " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
    } catch (SQLException e) {
      throw new SQLException(
          "cannot create the test database "
              + database
              + " (ICU collation en-US, PostgreSQL 15 or later) on "
              + adminUrl
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      return new TestStore(
          ReportStores.open(
              StoreConfig.postgres(databaseUrl(adminUrl, database), user, password)
                  .withPoolSize(poolSize)),
          drop);
    } catch (RuntimeException e) {
      try {
        drop.run();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The URL of another database on the server of {@code url}, with the same parameters. */
  private static String databaseUrl(String url, String database) {
    int slash = url.lastIndexOf('/', url.contains("?") ? url.indexOf('?') : url.length());
    int q = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (q < 0 ? "" : url.substring(q));
  }

  /** The store. */
  public ReportStore store() {
    return store;
  }

  /** The database for the web's SQL, as {@code serve} gives it to the web tier. */
  public SqlDatabase reader() {
    return db;
  }

  /** Stores the reports through the store; returns the id of the last; all must be new. */
  public long store(List<AggregateReport> reports) {
    return storeIncoming(reports.stream().map(TestReports::incoming).toList());
  }

  /** Stores the reports (with their originals) through the store; returns the id of the last. */
  public long storeIncoming(List<IncomingReport> reports) {
    List<StoreResult> results = store.storeAll(reports);
    long last = 0;
    for (int i = 0; i < results.size(); i++) {
      if (!results.get(i).stored()) {
        throw new IllegalArgumentException(
            "report "
                + reports.get(i).report().metadata().reportId()
                + " not stored: "
                + results.get(i));
      }
      last = results.get(i).reportPk();
    }
    return last;
  }

  @Override
  public void close() throws Exception {
    try {
      store.close();
    } finally {
      cleanup.run();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
