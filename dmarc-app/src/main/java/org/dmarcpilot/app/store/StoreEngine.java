// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Locale;

/** The database engines the store runs on. */
public enum StoreEngine {
  /** Embedded DuckDB: one file, one writing process. URL {@code jdbc:duckdb:/path/file.duckdb}. */
  DUCKDB("jdbc:duckdb:"),
  /** A PostgreSQL server shared by any number of processes. URL {@code jdbc:postgresql://...}. */
  POSTGRESQL("jdbc:postgresql:");

  private final String urlPrefix;

  StoreEngine(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  /** The JDBC URL prefix of this engine. */
  public String urlPrefix() {
    return urlPrefix;
  }

  /**
   * The engine a JDBC URL names.
   *
   * @throws IllegalArgumentException when the URL is for neither engine
   */
  public static StoreEngine ofUrl(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    for (StoreEngine e : values()) {
      if (lower.startsWith(e.urlPrefix)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unsupported database URL '"
            + jdbcUrl
            + "': expected jdbc:duckdb:/path/file.duckdb or jdbc:postgresql://host/db");
  }
}
