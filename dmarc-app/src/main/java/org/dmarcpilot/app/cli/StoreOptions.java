// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dmarcpilot.app.AppConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command that opens the store shares. */
public final class StoreOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (default: $DMARCPILOT_DATA_DIR or ~/.dmarcpilot).")
  @Nullable Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (default: config.properties in the data directory).")
  @Nullable Path config;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "Database: jdbc:postgresql://host/db (user and password from $DMARCPILOT_DB_USER,"
              + " $DMARCPILOT_DB_PASSWORD or the configuration file) or jdbc:duckdb:FILE"
              + " (default: the DuckDB file in the data directory).")
  @Nullable String db;

  /** The application configuration these options, the environment and the file make. */
  public AppConfig load() {
    return load(Map.of());
  }

  /**
   * The application configuration with more of the command's flags (dotted keys; a null value is a
   * flag not given).
   */
  public AppConfig load(Map<String, @Nullable String> more) {
    Map<String, @Nullable String> flags = new HashMap<>(more);
    flags.put("data.dir", dataDir == null ? null : dataDir.toString());
    flags.put("config", config == null ? null : config.toString());
    flags.put("db.url", db);
    return AppConfig.load(flags, System.getenv());
  }
}
