// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the Flyway migrations under {@value #LOCATION} on a store's database, and the engine's own
 * under {@value #ENGINE_LOCATION}{@code <engine>}.
 *
 * <p>Rules for migrations (they run unchanged on DuckDB and PostgreSQL):
 *
 * <ul>
 *   <li>Versions: V1..V49 belong to the store (reports, ingest); V50..V99 to enrichment and
 *       analysis (caches, owner marks); V100 and up to the web tier (users, tokens). A file is
 *       {@code V<n>__<what>.sql} in {@code dmarc-app/src/main/resources/db/migration}; once merged
 *       it is never edited, only followed by a new version.
 *   <li>Portable SQL only: BIGINT, INTEGER, BOOLEAN, TEXT, DATE, TIMESTAMP (UTC), BYTEA; {@code
 *       CREATE SEQUENCE} and {@code nextval('seq')} for keys; named UNIQUE constraints; plain
 *       {@code CREATE INDEX}. No SERIAL/IDENTITY, no foreign keys, no JSON/INET types, no
 *       procedural code, no {@code ALTER TABLE} forms DuckDB lacks (DuckDB cannot add constraints
 *       to an existing table: create the table with them).
 *   <li>Each migration is tested by the store contract suite on both engines.
 *   <li>Physical design may differ per engine where the engines differ (indexes): such a migration
 *       lives in {@code db/engine/duckdb} or {@code db/engine/postgresql} and takes a version
 *       number of the store's range that no common migration uses. V2 is DuckDB's: no ART indexes
 *       on the child tables (see the file). V4 is PostgreSQL's: the originals' bytes are compressed
 *       with lz4 instead of pglz (falling back to the default where the server lacks lz4).
 * </ul>
 */
final class Migrations {
  /** Where the migrations live on the class path. */
  static final String LOCATION = "classpath:db/migration";

  /** Where one engine's own migrations live, followed by the engine's lower-case name. */
  static final String ENGINE_LOCATION = "classpath:db/engine/";

  private Migrations() {}

  /**
   * Migrates the database behind {@code connection} to the latest version. The connection stays
   * open; Flyway gets it through a data source that never closes it.
   *
   * @return the number of migrations applied
   * @throws StoreException when a migration fails
   */
  static int migrate(Connection connection, StoreEngine engine, String description) {
    try {
      MigrateResult result =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(new SingleConnectionDataSource(connection))
              .locations(LOCATION, ENGINE_LOCATION + engine.name().toLowerCase(Locale.ROOT))
              .failOnMissingLocations(true)
              // each tier numbers its migrations in its own range, so a new store migration
              // (V3) arrives after web ones (V100) were applied: order across ranges is free
              .outOfOrder(true)
              .load()
              .migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the schema of " + description + ": " + e, e);
    }
  }

  /** A data source over one open connection whose {@code close()} does nothing. */
  private static final class SingleConnectionDataSource implements DataSource {
    private final Connection connection;

    SingleConnectionDataSource(Connection target) {
      this.connection =
          (Connection)
              Proxy.newProxyInstance(
                  Migrations.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                      return null;
                    }
                    try {
                      return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
    }

    @Override
    public Connection getConnection() {
      return connection;
    }

    @Override
    public Connection getConnection(String username, String password) {
      return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(java.io.Writer.nullWriter());
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
