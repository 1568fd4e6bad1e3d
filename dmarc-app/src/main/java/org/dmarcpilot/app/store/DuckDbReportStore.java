// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: one DuckDB file, one writing connection (writes are serialized by a lock, as
 * DuckDB's single-writer design wants), and a short-lived duplicate connection per read.
 */
final class DuckDbReportStore extends JdbcReportStore {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbReportStore.class);
  private final DuckDBConnection writer;
  private final ReentrantLock writeLock = new ReentrantLock();

  private DuckDbReportStore(DuckDBConnection writer, Clock clock, String description) {
    super(clock, description);
    this.writer = writer;
  }

  static DuckDbReportStore open(StoreConfig config, Clock clock) {
    String url = config.jdbcUrl();
    String file = url.substring(StoreEngine.DUCKDB.urlPrefix().length());
    String description = "the DuckDB database " + file;
    int q = file.indexOf('?');
    Path path = Path.of(q < 0 ? file : file.substring(0, q));
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the directory of " + description + ": " + e, e);
    }
    Properties props = new Properties();
    props.setProperty("memory_limit", config.duckDbMemoryLimit());
    if (config.duckDbThreads() > 0) {
      props.setProperty("threads", Integer.toString(config.duckDbThreads()));
    }
    props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    // checkpoints rewrite the indexes and the partly filled last row group of every table (the
    // originals' bytes too): during bulk ingest let the WAL grow instead; close() checkpoints.
    // Measured: DuckDB's default 16MB halved the ingest speed; 64MB took a 3.2M-record ingest from
    // 101 to 161 s; a threshold growing with the file left the file 50 % larger
    props.setProperty("checkpoint_threshold", "1GB");
    DuckDBConnection c;
    try {
      c = (DuckDBConnection) DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock")) {
        throw new StoreInUseException(
            description
                + " is in use by another process (a running 'dmarcpilot serve' ingests by"
                + " itself; stop it or hand it the files): "
                + msg,
            e);
      }
      throw new StoreException("cannot open " + description + ": " + msg, e);
    }
    try {
      Migrations.migrate(c, StoreEngine.DUCKDB, description);
      try (var st = c.createStatement()) {
        for (String ddl : STAGING_DDL) {
          st.execute(ddl);
        }
      }
      c.setAutoCommit(false);
      return new DuckDbReportStore(c, clock, description);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StoreEngine engine() {
    return StoreEngine.DUCKDB;
  }

  @Override
  <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    writeLock.lock();
    try {
      try {
        begin();
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          writer.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Starts the writer's transaction with a statement. DuckDB begins a transaction at the first
   * statement after a commit, but an appender flushed before any statement runs in a transaction of
   * its own that commits at once: a later rollback would not undo it.
   */
  private void begin() throws SQLException {
    try (var st = writer.createStatement()) {
      st.execute("SELECT 1");
    }
  }

  @Override
  <T> T onReadConnection(SqlWork<T> work) throws SQLException {
    try (DuckDBConnection c = writer.duplicate()) {
      return work.run(c);
    }
  }

  @Override
  BulkWriter bulkWriter(Connection c) {
    return new DuckDbBulkWriter((DuckDBConnection) c);
  }

  @Override
  boolean retryable(SQLException e) {
    return false;
  }

  @Override
  boolean lockInKeyOrder() {
    return false; // one writer
  }

  @Override
  void ensureStaging(Connection c) {
    // the writer's staging tables were made on open, outside any transaction
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!writer.isClosed()) {
        try (var st = writer.createStatement()) {
          writer.commit();
          writer.setAutoCommit(true);
          long t0 = System.nanoTime();
          st.execute("CHECKPOINT");
          LOG.debug(
              "checkpoint of {} took {} ms", description, (System.nanoTime() - t0) / 1_000_000);
        } finally {
          writer.close();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close " + description + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DuckDbReportStore[" + description + "]";
  }
}
