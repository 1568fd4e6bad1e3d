// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source leases as PostgreSQL session-level advisory locks in the two-int form: the class {@link
 * #LOCK_CLASS} (DMARC Pilot's sources, apart from any other use of advisory locks in the database)
 * and 32 bits of the SHA-256 of the source's key. Each lease holds a connection of its own, outside
 * the store's pool, for as long as it is held; a source that is not leased holds no connection.
 *
 * <p>The lease's session asks the server to probe the connection with TCP keepalives ({@value
 * #KEEPALIVE_IDLE_SECONDS} s idle, then every {@value #KEEPALIVE_INTERVAL_SECONDS} s, {@value
 * #KEEPALIVE_COUNT} probes), so that the lock of a process that vanished without closing its
 * connection (a host that lost power) is released within about a minute, not after the operating
 * system's default of two hours.
 */
final class PostgresSourceLeases implements SourceLeases {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceLeases.class);

  /** The first key of every lease's advisory lock: "DMPS" in ASCII. */
  static final int LOCK_CLASS = 0x444D5053;

  /** How long {@link SourceLease#held()} waits for the server's answer. */
  static final int CHECK_TIMEOUT_SECONDS = 10;

  static final int KEEPALIVE_IDLE_SECONDS = 30;
  static final int KEEPALIVE_INTERVAL_SECONDS = 10;
  static final int KEEPALIVE_COUNT = 3;

  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String description;

  PostgresSourceLeases(StoreConfig config, String description) {
    this.url = config.jdbcUrl();
    this.user = config.user();
    this.password = config.password();
    this.description = description;
  }

  /** The second key of the advisory lock for a source's key. */
  static int lockKey(String key) {
    byte[] h = Sha256.digest().digest(key.getBytes(StandardCharsets.UTF_8));
    return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
  }

  @Override
  public Optional<SourceLease> tryAcquire(String key) {
    Objects.requireNonNull(key, "key");
    int lockKey = lockKey(key);
    Connection c;
    try {
      c = connect();
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect to " + description + " for the lease on " + key + ": " + e.getMessage(),
          e);
    }
    try {
      prepare(c);
      boolean got;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
        ps.setInt(1, LOCK_CLASS);
        ps.setInt(2, lockKey);
        try (ResultSet rs = ps.executeQuery()) {
          got = rs.next() && rs.getBoolean(1);
        }
      }
      if (!got) {
        c.close();
        return Optional.empty();
      }
      return Optional.of(new Lease(c, key, lockKey));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw new StoreException(
          "cannot take the lease on " + key + " in " + description + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "dmarcpilot source lease");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    Connection c = DriverManager.getConnection(url, p);
    c.setAutoCommit(true);
    return c;
  }

  /** Settings of the lease's session: keepalives, and no idle timeout that would end it. */
  private static void prepare(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "SELECT set_config('tcp_keepalives_idle', '"
              + KEEPALIVE_IDLE_SECONDS
              + "', false), set_config('tcp_keepalives_interval', '"
              + KEEPALIVE_INTERVAL_SECONDS
              + "', false), set_config('tcp_keepalives_count', '"
              + KEEPALIVE_COUNT
              + "', false)");
      // PostgreSQL 14 and later end idle sessions after idle_session_timeout when it is set
      st.execute(
          "SELECT set_config('idle_session_timeout', '0', false)"
              + " FROM pg_settings WHERE name = 'idle_session_timeout'");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a lease connection failed", e);
    }
  }

  @Override
  public String toString() {
    return "PostgresSourceLeases[" + description + "]";
  }

  /** A held advisory lock and its connection. */
  private static final class Lease implements SourceLease {
    private final Connection connection;
    private final String key;
    private final int lockKey;
    private boolean lost;
    private boolean closed;

    Lease(Connection connection, String key, int lockKey) {
      this.connection = connection;
      this.key = key;
      this.lockKey = lockKey;
    }

    @Override
    public synchronized boolean held() {
      if (lost || closed) {
        return false;
      }
      try {
        if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
          lost = true;
        }
      } catch (SQLException e) {
        lost = true;
      }
      if (lost) {
        LOG.warn("the lease on {} is lost: its database connection broke", key);
        closeQuietly(connection);
      }
      return !lost;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (!lost) {
        try (PreparedStatement ps =
            connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
          ps.setInt(1, LOCK_CLASS);
          ps.setInt(2, lockKey);
          ps.execute();
        } catch (SQLException e) {
          LOG.debug("unlocking the lease on {} failed; closing its connection ends it", key, e);
        }
      }
      closeQuietly(connection);
    }

    @Override
    public String toString() {
      return "Lease[" + key + "]";
    }
  }
}
