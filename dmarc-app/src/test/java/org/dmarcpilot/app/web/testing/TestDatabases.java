// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * Databases for tests: an in-memory DuckDB, and the PostgreSQL server given by {@code
 * DMARC_TEST_POSTGRES_URL}, each with the web migrations applied.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** The web tier's migrations, in order. */
  static final String[] MIGRATIONS = {"/db/migration/V100__web_accounts.sql"};

  /** A fresh in-memory DuckDB with the migrations applied; close it with {@link #close}. */
  public static DuckDataSource duckdb() throws SQLException {
    DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    DuckDataSource ds = new DuckDataSource(root);
    migrate(ds);
    return ds;
  }

  /** Whether the PostgreSQL test server is configured. */
  public static boolean postgresConfigured() {
    return System.getenv("DMARC_TEST_POSTGRES_URL") != null;
  }

  /**
   * A fresh schema in the PostgreSQL test database with the migrations applied. The schema is named
   * after the caller so tests do not collide.
   */
  public static DataSource postgres(String schema) throws SQLException {
    String url = Objects.requireNonNull(System.getenv("DMARC_TEST_POSTGRES_URL"));
    String user = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_USER", "dmarcpilot");
    String pw = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_PASSWORD", "dmarcpilot");
    String s = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
      st.execute("CREATE SCHEMA " + s);
    }
    String sep = url.contains("?") ? "&" : "?";
    DataSource ds = new UrlDataSource(url + sep + "currentSchema=" + s, user, pw);
    migrate(ds);
    return ds;
  }

  /** Runs the migration scripts (statements split at ';' at line ends). */
  public static void migrate(DataSource ds) throws SQLException {
    for (String m : MIGRATIONS) {
      String sql;
      try (InputStream in = TestDatabases.class.getResourceAsStream(m)) {
        sql = new String(Objects.requireNonNull(in, m).readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      StringBuilder clean = new StringBuilder();
      for (String line : sql.split("\n")) {
        if (!line.strip().startsWith("--")) {
          clean.append(line).append('\n');
        }
      }
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        for (String stmt : clean.toString().split(";\\s*\n")) {
          if (!stmt.isBlank()) {
            st.execute(stmt);
          }
        }
      }
    }
  }

  /** A data source over one in-memory DuckDB database; connections are duplicates of the root. */
  public static final class DuckDataSource extends BaseDataSource implements AutoCloseable {
    private final DuckDBConnection root;

    DuckDataSource(DuckDBConnection root) {
      this.root = root;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return root.duplicate();
    }

    @Override
    public void close() throws SQLException {
      root.close();
    }
  }

  /** A data source over DriverManager. */
  static final class UrlDataSource extends BaseDataSource {
    private final String url;
    private final String user;
    private final String password;

    UrlDataSource(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }
  }

  /** The parts of DataSource that tests do not use. */
  abstract static class BaseDataSource implements DataSource {
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(System.err, true, StandardCharsets.UTF_8);
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
    public Logger getParentLogger() {
      return Logger.getGlobal();
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
