// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The server engine: PostgreSQL through a HikariCP pool. Any number of processes may write; the
 * unique dedup key makes their ingests idempotent, and a batch that loses a deadlock is retried.
 */
final class PostgresReportStore extends JdbcReportStore {
  private final HikariDataSource pool;
  private final PostgresBulkWriter.ColumnTypes columnTypes = new PostgresBulkWriter.ColumnTypes();
  private final PostgresSourceLeases leases;

  private PostgresReportStore(
      HikariDataSource pool, Clock clock, String description, PostgresSourceLeases leases) {
    super(clock, description);
    this.pool = pool;
    this.leases = leases;
  }

  static PostgresReportStore open(StoreConfig config, Clock clock) {
    String url = config.jdbcUrl();
    int q = url.indexOf('?');
    String description = "the PostgreSQL database " + (q < 0 ? url : url.substring(0, q));
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (config.user() != null) {
      hc.setUsername(config.user());
    }
    if (config.password() != null) {
      hc.setPassword(config.password());
    }
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(1);
    hc.setAutoCommit(false);
    hc.setPoolName("dmarcpilot-store");
    hc.setInitializationFailTimeout(10_000);
    hc.setConnectionTimeout(30_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + description + ": " + rootMessage(e), e);
    }
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(true);
      Migrations.migrate(c, StoreEngine.POSTGRESQL, description);
      c.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      ds.close();
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open " + description + ": " + e.getMessage(), e);
    }
    return new PostgresReportStore(
        ds, clock, description, new PostgresSourceLeases(config, description));
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return String.valueOf(r.getMessage());
  }

  @Override
  public StoreEngine engine() {
    return StoreEngine.POSTGRESQL;
  }

  @Override
  <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  @Override
  <T> T onReadConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        c.setReadOnly(true);
        return work.run(c);
      } finally {
        c.rollback();
        c.setReadOnly(false);
      }
    }
  }

  @Override
  BulkWriter bulkWriter(Connection c) {
    return new PostgresBulkWriter(c, columnTypes, PostgresBulkWriter.FLUSH_BYTES);
  }

  @Override
  boolean retryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        // 40P01 deadlock_detected, 40001 serialization_failure
        if ("40P01".equals(state) || "40001".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  boolean lockInKeyOrder() {
    return true; // any number of writers
  }

  /** Advisory locks, each on a connection of its own outside the pool. */
  @Override
  public SourceLeases leases() {
    return leases;
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresReportStore[" + description + "]";
  }
}
