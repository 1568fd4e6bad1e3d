// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.TestPostgres;
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
   * DMARC_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}), opened by the store as {@code
   * serve --db jdbc:postgresql://...} opens it. Skips the test when the server is not configured,
   * or fails it under {@code -Ddmarc.services.required=true}.
   *
   * @param name a prefix for the database's name (letters, digits and '_')
   */
  public static TestStore postgres(String name) {
    RequiredService.require(
        TestDatabases.postgresConfigured(),
        "PostgreSQL (DMARC_TEST_POSTGRES_URL, _USER and _PASSWORD)");
    TestPostgres pg = TestPostgres.create("web_" + name);
    try {
      return new TestStore(ReportStores.open(pg.config()), pg::close);
    } catch (RuntimeException e) {
      try {
        pg.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
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
