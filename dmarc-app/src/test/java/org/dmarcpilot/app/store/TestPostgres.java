// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database per test class, on the server that {@code DMARC_TEST_POSTGRES_URL},
 * {@code _USER} and {@code _PASSWORD} name (the role must be allowed to create databases). Without
 * them the test is skipped, or fails under {@code -Ddmarc.services.required=true} (CI).
 */
public final class TestPostgres implements AutoCloseable {
  private final String adminUrl;
  private final String user;
  private final String password;
  private final String name;

  private TestPostgres(String adminUrl, String user, String password, String name) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /** Whether a missing service fails the run instead of skipping. */
  public static boolean required() {
    return Boolean.getBoolean("dmarc.services.required");
  }

  /** Creates a database named after {@code prefix}; skips or fails when no server is set. */
  public static TestPostgres create(String prefix) {
    String url = System.getenv("DMARC_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      String msg = "PostgreSQL not configured: set DMARC_TEST_POSTGRES_URL, _USER and _PASSWORD";
      if (required()) {
        fail(msg + " (-Ddmarc.services.required=true)");
      }
      assumeTrue(false, msg + "; skipped");
    }
    String user = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_USER", "");
    String password = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_PASSWORD", "");
    String name =
        (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
            .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String msg = "cannot create a test database on " + url + ": " + e.getMessage();
      if (required()) {
        fail(msg);
      }
      assumeTrue(false, msg + "; skipped");
    }
    return new TestPostgres(url, user, password, name);
  }

  /** The JDBC URL of the test database. */
  public String url() {
    int slash = adminUrl.lastIndexOf('/');
    int q = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1) + name + (q < 0 ? "" : adminUrl.substring(q));
  }

  /** The user. */
  public String user() {
    return user;
  }

  /** The password. */
  public String password() {
    return password;
  }

  /** A store configuration for the test database. */
  public StoreConfig config() {
    return StoreConfig.postgres(url(), user, password);
  }

  /** Drops the database. */
  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
