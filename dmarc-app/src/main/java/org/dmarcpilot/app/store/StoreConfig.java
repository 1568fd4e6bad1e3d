// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to open a store.
 *
 * @param jdbcUrl {@code jdbc:duckdb:/path/file.duckdb} or {@code jdbc:postgresql://host:port/db}
 * @param user the database user (PostgreSQL), or null
 * @param password the password (PostgreSQL), or null
 * @param poolSize connections in the pool (PostgreSQL); DuckDB uses one writing connection
 * @param duckDbMemoryLimit DuckDB's {@code memory_limit}, such as {@value #DEFAULT_DUCKDB_MEMORY}
 * @param duckDbThreads DuckDB's worker threads; 0 for DuckDB's default (all cores)
 */
public record StoreConfig(
    String jdbcUrl,
    @Nullable String user,
    @Nullable String password,
    int poolSize,
    String duckDbMemoryLimit,
    int duckDbThreads) {

  /** The default DuckDB memory limit: the process stays small next to a 512 MiB heap. */
  public static final String DEFAULT_DUCKDB_MEMORY = "256MB";

  /** The default PostgreSQL pool size. */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** The file name of the embedded database in the data directory. */
  public static final String DUCKDB_FILE = "dmarcpilot.duckdb";

  public StoreConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(duckDbMemoryLimit, "duckDbMemoryLimit");
    StoreEngine.ofUrl(jdbcUrl);
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize < 1: " + poolSize);
    }
    if (duckDbThreads < 0) {
      throw new IllegalArgumentException("duckDbThreads < 0: " + duckDbThreads);
    }
  }

  /** An embedded DuckDB file with the defaults. */
  public static StoreConfig duckDb(Path file) {
    return new StoreConfig(
        StoreEngine.DUCKDB.urlPrefix() + file.toAbsolutePath(),
        null,
        null,
        1,
        DEFAULT_DUCKDB_MEMORY,
        0);
  }

  /** The embedded DuckDB file in a data directory. */
  public static StoreConfig inDataDir(Path dataDir) {
    return duckDb(dataDir.resolve(DUCKDB_FILE));
  }

  /** A PostgreSQL database with the default pool. */
  public static StoreConfig postgres(
      String jdbcUrl, @Nullable String user, @Nullable String password) {
    return new StoreConfig(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_DUCKDB_MEMORY, 0);
  }

  /** Any URL: DuckDB or PostgreSQL by its prefix. */
  public static StoreConfig of(String jdbcUrl, @Nullable String user, @Nullable String password) {
    return StoreEngine.ofUrl(jdbcUrl) == StoreEngine.DUCKDB
        ? new StoreConfig(jdbcUrl, null, null, 1, DEFAULT_DUCKDB_MEMORY, 0)
        : postgres(jdbcUrl, user, password);
  }

  /** The engine the URL names. */
  public StoreEngine engine() {
    return StoreEngine.ofUrl(jdbcUrl);
  }

  /** This configuration with another pool size. */
  public StoreConfig withPoolSize(int size) {
    return new StoreConfig(jdbcUrl, user, password, size, duckDbMemoryLimit, duckDbThreads);
  }

  /** This configuration with other DuckDB resource limits. */
  public StoreConfig withDuckDb(String memoryLimit, int threads) {
    return new StoreConfig(jdbcUrl, user, password, poolSize, memoryLimit, threads);
  }

  @Override
  public String toString() {
    return "StoreConfig[" + jdbcUrl + (user != null ? " as " + user : "") + "]";
  }
}
