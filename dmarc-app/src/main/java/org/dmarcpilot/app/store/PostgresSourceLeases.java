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
 * Source leases as PostgreSQL session-level advisory locks in the one-{@code bigint} form, keyed by
 * 64 bits of the SHA-256 of the source's key (so two sources of one installation do not share a
 * lock: at 32 bits a few hundred thousand names hold a pair that does). The lease connections carry
 * the application name {@value #APPLICATION_NAME}, by which {@code pg_stat_activity} and {@code
 * pg_locks} show them. Each lease holds a connection of its own, outside the store's pool, for as
 * long as it is held; a source that is not leased holds no connection.
 *
 * <p>The lease's session asks the server to probe the connection with TCP keepalives ({@value
 * #KEEPALIVE_IDLE_SECONDS} s idle, then every {@value #KEEPALIVE_INTERVAL_SECONDS} s, {@value
 * #KEEPALIVE_COUNT} probes), so that the lock of a process that vanished without closing its
 * connection (a host that lost power) is released within about a minute, not after the operating
 * system's default of two hours.
 */
final class PostgresSourceLeases implements SourceLeases {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceLeases.class);

  /** The application name of every lease connection. */
  static final String APPLICATION_NAME = "dmarcpilot source lease";

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

  /** The advisory lock's key for a source's key: the first 64 bits of its SHA-256. */
  static long lockKey(String key) {
    byte[] h = Sha256.digest().digest(key.getBytes(StandardCharsets.UTF_8));
    long k = 0;
    for (int i = 0; i < 8; i++) {
      k = k << 8 | (h[i] & 0xff);
    }
    return k;
  }

  @Override
  public Optional<SourceLease> tryAcquire(String key) {
    Objects.requireNonNull(key, "key");
    long lockKey = lockKey(key);
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
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, lockKey);
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
    p.setProperty("ApplicationName", APPLICATION_NAME);
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
    private final long lockKey;
    private boolean lost;
    private boolean closed;

    Lease(Connection connection, String key, long lockKey) {
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
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, lockKey);
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
