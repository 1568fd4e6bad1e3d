// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisor's thresholds in the {@code web_setting} table (migration V100), over the defaults
 * from the configuration: read once, then kept in memory; {@link #update} writes them all in one
 * transaction. A stored value that does not parse is ignored (the default stands) and logged.
 */
public final class SqlAdvisorSettings implements AdvisorSettings {
  private static final Logger LOG = LoggerFactory.getLogger(SqlAdvisorSettings.class);

  static final String ALIGNED = "advisor.min-aligned-share";
  static final String WINDOW = "advisor.window-days";
  static final String REPORTERS = "advisor.min-reporters";
  static final String UNKNOWN = "advisor.max-unknown-share";

  private final SqlDatabase db;
  private final AdvisorThresholds defaults;
  private volatile @Nullable AdvisorThresholds current;

  /** Settings in the database over the given defaults. */
  public SqlAdvisorSettings(SqlDatabase db, AdvisorThresholds defaults) {
    this.db = Objects.requireNonNull(db, "db");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  @Override
  public AdvisorThresholds current() {
    AdvisorThresholds c = current;
    if (c == null) {
      c = load();
      current = c;
    }
    return c;
  }

  private AdvisorThresholds load() {
    Map<String, String> v =
        db.read(
            c -> {
              Map<String, String> m = new HashMap<>();
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT name, value FROM web_setting WHERE name LIKE ?")) {
                ps.setString(1, "advisor.%");
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                  }
                }
              }
              return m;
            });
    try {
      return new AdvisorThresholds(
          Double.parseDouble(v.getOrDefault(ALIGNED, String.valueOf(defaults.minAlignedShare()))),
          Duration.ofDays(
              Long.parseLong(v.getOrDefault(WINDOW, String.valueOf(defaults.window().toDays())))),
          Integer.parseInt(v.getOrDefault(REPORTERS, String.valueOf(defaults.minReporters()))),
          Double.parseDouble(v.getOrDefault(UNKNOWN, String.valueOf(defaults.maxUnknownShare()))));
    } catch (IllegalArgumentException e) {
      LOG.warn("stored advisor thresholds ignored ({}): {}", e.getMessage(), v);
      return defaults;
    }
  }

  @Override
  public synchronized void update(AdvisorThresholds t) {
    Map<String, String> v = new HashMap<>();
    v.put(ALIGNED, String.valueOf(t.minAlignedShare()));
    v.put(WINDOW, String.valueOf(t.window().toDays()));
    v.put(REPORTERS, String.valueOf(t.minReporters()));
    v.put(UNKNOWN, String.valueOf(t.maxUnknownShare()));
    db.write(
        c -> {
          try (PreparedStatement del =
                  c.prepareStatement("DELETE FROM web_setting WHERE name = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO web_setting (name, value, updated_at) VALUES (?, ?, ?)")) {
            long now = System.currentTimeMillis();
            for (Map.Entry<String, String> e : v.entrySet()) {
              del.setString(1, e.getKey());
              del.executeUpdate();
              ins.setString(1, e.getKey());
              ins.setString(2, e.getValue());
              ins.setLong(3, now);
              ins.executeUpdate();
            }
          }
          return null;
        });
    current = t;
  }
}
