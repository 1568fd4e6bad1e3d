// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A real store (embedded DuckDB with the store's own migrations, the web's included) in a fresh
 * temporary directory, for testing the web's SQL against rows the store wrote itself.
 */
public final class TestStore implements AutoCloseable {
  private final Path dir;
  private final ReportStore store;
  private final SqlDatabase db;

  /** Opens a fresh store. */
  public TestStore() throws IOException {
    dir = Files.createTempDirectory("dmarcpilot-web-test-");
    store = ReportStores.open(StoreConfig.inDataDir(dir));
    db =
        new SqlDatabase() {
          @Override
          public <T> T read(Work<T> work) {
            return store.read(work::run);
          }

          @Override
          public <T> T write(Work<T> work) {
            return store.write(work::run);
          }
        };
  }

  /** The store. */
  public ReportStore store() {
    return store;
  }

  /** The database for the web's SQL. */
  public SqlDatabase reader() {
    return db;
  }

  /** Stores the reports through the store; returns the id of the last; all must be new. */
  public long store(List<AggregateReport> reports) {
    List<StoreResult> results =
        store.storeAll(reports.stream().map(TestReports::incoming).toList());
    long last = 0;
    for (int i = 0; i < results.size(); i++) {
      if (!results.get(i).stored()) {
        throw new IllegalArgumentException(
            "report " + reports.get(i).metadata().reportId() + " not stored: " + results.get(i));
      }
      last = results.get(i).reportPk();
    }
    return last;
  }

  @Override
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
