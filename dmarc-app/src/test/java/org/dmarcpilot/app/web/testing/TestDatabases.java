// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.duckdb.DuckDBConnection;

/**
 * Databases for tests: an in-memory DuckDB, and the PostgreSQL server given by {@code
 * DMARC_TEST_POSTGRES_URL}, each with the given migration scripts applied.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** The web tier's migrations, in order. */
  public static final String[] WEB_MIGRATIONS = {"/db/migration/V100__web_accounts.sql"};

  /** A fresh in-memory DuckDB with the web migrations applied; close it after use. */
  public static DuckDatabase duckdb() throws SQLException {
    return duckdb(WEB_MIGRATIONS);
  }

  /** A fresh in-memory DuckDB with the given migration scripts applied. */
  public static DuckDatabase duckdb(String... migrations) throws SQLException {
    DuckDatabase db =
        new DuckDatabase((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
    migrate(db, migrations);
    return db;
  }

  /** Whether the PostgreSQL test server is configured. */
  public static boolean postgresConfigured() {
    return System.getenv("DMARC_TEST_POSTGRES_URL") != null;
  }

  /**
   * A fresh schema in the PostgreSQL test database with the web migrations applied, named after the
   * caller so tests do not collide.
   */
  public static SqlDatabase postgres(String schema) throws SQLException {
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
    String full = url + sep + "currentSchema=" + s;
    SqlDatabase db = new ConnectionDatabase(() -> DriverManager.getConnection(full, user, pw));
    migrate(db, WEB_MIGRATIONS);
    return db;
  }

  /** Runs migration scripts (statements split at ';' at line ends, comment lines dropped). */
  public static void migrate(SqlDatabase db, String... scripts) {
    for (String m : scripts) {
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
      db.write(
          c -> {
            try (Statement st = c.createStatement()) {
              for (String stmt : clean.toString().split(";\\s*\n")) {
                if (!stmt.isBlank()) {
                  st.execute(stmt);
                }
              }
            }
            return null;
          });
    }
  }

  /** Opens a connection. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  /** A database whose connections come from an opener; each piece of work gets its own. */
  static class ConnectionDatabase implements SqlDatabase {
    private final Opener opener;

    ConnectionDatabase(Opener opener) {
      this.opener = opener;
    }

    @Override
    public <T> T read(Work<T> work) {
      try (Connection c = opener.open()) {
        return work.run(c);
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    @Override
    public <T> T write(Work<T> work) {
      try (Connection c = opener.open()) {
        c.setAutoCommit(false);
        try {
          T t = work.run(c);
          c.commit();
          return t;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** One in-memory DuckDB database; each piece of work runs on a duplicate of the root. */
  public static final class DuckDatabase extends ConnectionDatabase implements AutoCloseable {
    private final DuckDBConnection root;

    /** A database on the root connection. */
    public DuckDatabase(DuckDBConnection root) {
      super(root::duplicate);
      this.root = root;
    }

    @Override
    public void close() throws SQLException {
      root.close();
    }
  }
}
