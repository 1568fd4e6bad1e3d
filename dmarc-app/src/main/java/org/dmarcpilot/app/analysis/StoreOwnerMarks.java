// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.store.ReportStore;
import org.jspecify.annotations.Nullable;

/**
 * Owner marks in the store's {@code owner_mark} table (migration V51). Reads load the marks of one
 * domain at a time and keep them until the next change through this object.
 */
public final class StoreOwnerMarks implements OwnerMarkStore {
  private final ReportStore store;
  private final Map<String, Map<String, OwnerMark>> cache = new HashMap<>();

  /** Marks in the given store. */
  public StoreOwnerMarks(ReportStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public synchronized @Nullable OwnerMark markFor(String domain, SourceKey source) {
    return cache.computeIfAbsent(domain, this::load).get(source.toString());
  }

  @Override
  public synchronized void setMark(String domain, SourceKey source, @Nullable OwnerMark mark) {
    String d = domain.toLowerCase(Locale.ROOT);
    store.write(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM owner_mark WHERE policy_domain = ? AND source_key = ?")) {
            del.setString(1, d);
            del.setString(2, source.toString());
            del.executeUpdate();
            String legacy = source.legacySpelling();
            if (legacy != null) {
              del.setString(2, legacy);
              del.executeUpdate();
            }
          }
          if (mark != null) {
            try (PreparedStatement ins =
                c.prepareStatement(
                    "INSERT INTO owner_mark (policy_domain, source_key, mark, marked_at)"
                        + " VALUES (?, ?, ?, ?)")) {
              ins.setString(1, d);
              ins.setString(2, source.toString());
              ins.setString(3, mark.name());
              ins.setObject(4, LocalDateTime.now(ZoneOffset.UTC));
              ins.executeUpdate();
            }
          }
          return null;
        });
    cache.remove(d);
  }

  private static String canonical(String key) {
    try {
      return SourceKey.parse(key).toString();
    } catch (IllegalArgumentException e) {
      return key;
    }
  }

  private Map<String, OwnerMark> load(String domain) {
    return store.read(
        c -> {
          Map<String, OwnerMark> m = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT source_key, mark FROM owner_mark WHERE policy_domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                try {
                  // keyed as the current spelling (an earlier version wrote IPv6 sources long)
                  m.put(canonical(rs.getString(1)), OwnerMark.valueOf(rs.getString(2)));
                } catch (IllegalArgumentException | NullPointerException e) {
                  // an unknown mark written by a newer version: ignore it
                }
              }
            }
          }
          return m;
        });
  }
}
