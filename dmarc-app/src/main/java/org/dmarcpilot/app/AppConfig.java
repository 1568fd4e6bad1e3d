// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.dmarcpilot.app.store.StoreConfig;
import org.jspecify.annotations.Nullable;

/**
 * The application's settings, from (strongest first) command-line flags, the environment and the
 * configuration file, then defaults.
 *
 * <ul>
 *   <li>The data directory: {@code --data-dir}, {@code DMARCPILOT_DATA_DIR}, else {@code
 *       ~/.dmarcpilot}.
 *   <li>The configuration file: {@code --config}, {@code DMARCPILOT_CONFIG}, else {@code
 *       config.properties} in the data directory (it need not exist). Keys are dotted: {@code
 *       db.url}, {@code imap.host}.
 *   <li>Every key can also come from the environment: {@code db.url} is {@code DMARCPILOT_DB_URL},
 *       {@code imap.password} is {@code DMARCPILOT_IMAP_PASSWORD}. Secrets belong there or in the
 *       file, never on the command line.
 * </ul>
 *
 * <pre>{@code
 * AppConfig config = AppConfig.load(Map.of("db.url", "jdbc:postgresql://db/dmarc"), System.getenv());
 * ReportStore store = ReportStores.open(config.storeConfig());
 * }</pre>
 */
public final class AppConfig {
  /** The default data directory name in the user's home. */
  public static final String DEFAULT_DATA_DIR = ".dmarcpilot";

  private final Path dataDir;
  private final Path configFile;
  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Properties file;

  private AppConfig(
      Path dataDir,
      Path configFile,
      Map<String, String> flags,
      Map<String, String> env,
      Properties file) {
    this.dataDir = dataDir;
    this.configFile = configFile;
    this.flags = flags;
    this.env = env;
    this.file = file;
  }

  /**
   * Loads the settings.
   *
   * @param flags values given on the command line, by dotted key ({@code data.dir}, {@code config},
   *     {@code db.url}, ...); null values are ignored
   * @param env the environment
   * @throws IllegalArgumentException when the configuration file exists but cannot be read
   */
  public static AppConfig load(Map<String, @Nullable String> flags, Map<String, String> env) {
    Map<String, String> given = new HashMap<>();
    flags.forEach(
        (k, v) -> {
          if (v != null) {
            given.put(k, v);
          }
        });
    String dir = given.getOrDefault("data.dir", env.get(envName("data.dir")));
    Path dataDir =
        dir != null && !dir.isBlank()
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), DEFAULT_DATA_DIR);
    String cfg = given.getOrDefault("config", env.get(envName("config")));
    Path cfgFile = cfg != null ? Path.of(cfg) : dataDir.resolve("config.properties");
    Properties props = new Properties();
    if (Files.isRegularFile(cfgFile)) {
      try (Reader r = Files.newBufferedReader(cfgFile)) {
        props.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot read the configuration file " + cfgFile + ": " + e.getMessage(), e);
      }
    } else if (cfg != null) {
      throw new IllegalArgumentException("configuration file " + cfgFile + " does not exist");
    }
    return new AppConfig(
        dataDir.toAbsolutePath().normalize(),
        cfgFile.toAbsolutePath().normalize(),
        Map.copyOf(given),
        Map.copyOf(env),
        props);
  }

  /** The environment variable of a dotted key: {@code db.url} is {@code DMARCPILOT_DB_URL}. */
  public static String envName(String key) {
    return "DMARCPILOT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The environment the settings were loaded with, for settings that name a variable ({@code
   * imap.token-env}).
   */
  public Map<String, String> environment() {
    return env;
  }

  /** The data directory (absolute). */
  public Path dataDir() {
    return dataDir;
  }

  /** The configuration file (absolute; it need not exist). */
  public Path configFile() {
    return configFile;
  }

  /** A setting by dotted key: flag, environment, file, in that order. */
  public Optional<String> get(String key) {
    String v = flags.get(key);
    if (v == null) {
      v = env.get(envName(key));
    }
    if (v == null) {
      v = file.getProperty(key);
    }
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A setting, or a default. */
  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /** A setting that is a count (0 or more), or a default; a bad value names the key. */
  public int count(String key, int defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get().trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + ": not a count (0 or more): " + v.get());
  }

  /**
   * Whether ingest keeps the original of each stored report ({@code store.keep-originals}, default
   * true), and up to how many bytes each ({@code store.original-max-bytes}, default {@value
   * #DEFAULT_ORIGINAL_MAX_BYTES}): 0 when originals are not kept.
   *
   * @throws IllegalArgumentException when a value is not a boolean or a count
   */
  public int originalMaxBytes() {
    String keep = get("store.keep-originals", "true").trim().toLowerCase(Locale.ROOT);
    if (!keep.equals("true") && !keep.equals("false")) {
      throw new IllegalArgumentException("store.keep-originals: not true or false: " + keep);
    }
    return keep.equals("true") ? count("store.original-max-bytes", DEFAULT_ORIGINAL_MAX_BYTES) : 0;
  }

  /** Default of {@code store.original-max-bytes}: {@value} (10 MiB). */
  public static final int DEFAULT_ORIGINAL_MAX_BYTES = 10 << 20;

  /**
   * How to open the store: {@code db.url} (with {@code db.user} and {@code db.password}) when set,
   * else the DuckDB file in the data directory ({@code db.duckdb.memory-limit}, {@code
   * db.duckdb.threads}: 0 for all cores).
   */
  public StoreConfig storeConfig() {
    Optional<String> url = get("db.url");
    if (url.isEmpty()) {
      return StoreConfig.inDataDir(dataDir)
          .withDuckDb(
              get("db.duckdb.memory-limit", StoreConfig.DEFAULT_DUCKDB_MEMORY),
              count("db.duckdb.threads", 0));
    }
    StoreConfig c =
        StoreConfig.of(url.get(), get("db.user").orElse(null), get("db.password").orElse(null));
    Optional<String> pool = get("db.pool-size");
    if (pool.isPresent()) {
      c = c.withPoolSize(Integer.parseInt(pool.get()));
    }
    return c;
  }
}
