// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.net.URI;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored sources in the {@code web_ingest_source} table (migrations V101, V102 and V103). Ids
 * are never reused (the last one given is kept in {@code web_setting}), so a link to a deleted
 * source never leads to another one. A row that no longer reads (an unknown kind or mode) is
 * skipped and logged, never served half.
 */
public final class SqlSourceStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqlSourceStore.class);

  private static final String COLUMNS =
      "id, kind, name, enabled, folder_path, poll_seconds, imap_host, imap_port, imap_security,"
          + " imap_user, imap_password, imap_folder, imap_after, imap_done_folder,"
          + " imap_failed_folder, imap_trust, imap_auth, imap_token_url, imap_client_id,"
          + " imap_client_secret, imap_refresh_token, imap_scope";

  /** How many columns {@link #COLUMNS} has. */
  private static final int COUNT = 22;

  /** {@code imap_auth} of an account that signs in with its password. */
  static final String AUTH_PASSWORD = "PASSWORD";

  /** {@code imap_auth} of an account that signs in with OAuth 2.0 (SASL XOAUTH2). */
  static final String AUTH_XOAUTH2 = "XOAUTH2";

  /** The {@code web_setting} that keeps the last id given, so that ids are never reused. */
  static final String LAST_ID = "ingest.source-last-id";

  private final SqlDatabase db;
  private final Clock clock;

  /** The store over the database. */
  public SqlSourceStore(SqlDatabase db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Every stored source, by id. */
  public List<SourceSetting> list() {
    return db.read(
        c -> {
          List<SourceSetting> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM web_ingest_source ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              read(rs).ifPresent(out::add);
            }
          }
          return out;
        });
  }

  /** One stored source. */
  public Optional<SourceSetting> find(long id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM web_ingest_source WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? read(rs) : Optional.<SourceSetting>empty();
            }
          }
        });
  }

  /** Stores a new source; returns it with its id. */
  public SourceSetting insert(SourceSetting s) {
    return db.write(
        c -> {
          long id;
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM web_ingest_source");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT value FROM web_setting WHERE name = ?")) {
            ps.setString(1, LAST_ID);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                id = Math.max(id, Long.parseLong(rs.getString(1)));
              }
            }
          }
          id++;
          long now = clock.millis();
          try (PreparedStatement del =
                  c.prepareStatement("DELETE FROM web_setting WHERE name = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO web_setting (name, value, updated_at) VALUES (?, ?, ?)")) {
            del.setString(1, LAST_ID);
            del.executeUpdate();
            ins.setString(1, LAST_ID);
            ins.setString(2, String.valueOf(id));
            ins.setLong(3, now);
            ins.executeUpdate();
          }
          SourceSetting stored = s.withId(id);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO web_ingest_source ("
                      + COLUMNS
                      + ", created_at, updated_at) VALUES ("
                      + "?, ".repeat(COUNT + 1)
                      + "?)")) {
            bind(ps, stored);
            ps.setLong(COUNT + 1, now);
            ps.setLong(COUNT + 2, now);
            ps.executeUpdate();
          }
          return stored;
        });
  }

  /**
   * Replaces a stored source.
   *
   * @return whether it existed
   */
  public boolean update(SourceSetting s) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE web_ingest_source SET id = ?, kind = ?, name = ?, enabled = ?,"
                      + " folder_path = ?, poll_seconds = ?, imap_host = ?, imap_port = ?,"
                      + " imap_security = ?, imap_user = ?, imap_password = ?, imap_folder = ?,"
                      + " imap_after = ?, imap_done_folder = ?, imap_failed_folder = ?,"
                      + " imap_trust = ?, imap_auth = ?, imap_token_url = ?, imap_client_id = ?,"
                      + " imap_client_secret = ?, imap_refresh_token = ?, imap_scope = ?,"
                      + " updated_at = ? WHERE id = ?")) {
            bind(ps, s);
            ps.setLong(COUNT + 1, clock.millis());
            ps.setLong(COUNT + 2, s.id());
            return ps.executeUpdate() > 0;
          }
        });
  }

  /**
   * Replaces an OAuth account's sealed refresh token by a newer one its token endpoint issued, only
   * while the stored one is still {@code expected}: an account saved in the meantime keeps what was
   * saved. The time of the last change stays, as the settings did not change.
   *
   * @return whether it was replaced
   */
  public boolean replaceRefreshToken(long id, String expected, String sealed) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE web_ingest_source SET imap_refresh_token = ?"
                      + " WHERE id = ? AND imap_refresh_token = ?")) {
            ps.setString(1, sealed);
            ps.setLong(2, id);
            ps.setString(3, expected);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /**
   * Deletes a stored source.
   *
   * @return whether it existed
   */
  public boolean delete(long id) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM web_ingest_source WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private static void bind(PreparedStatement ps, SourceSetting s) throws SQLException {
    ps.setLong(1, s.id());
    ps.setString(2, s.kind());
    ps.setString(3, s.name());
    ps.setBoolean(4, s.enabled());
    ps.setString(5, s.folder() == null ? null : s.folder().toString());
    ps.setInt(6, (int) s.interval().toSeconds());
    ImapAccount a = s.imap();
    if (a == null) {
      for (int i = 7; i <= 15; i++) {
        ps.setNull(i, i == 8 ? Types.INTEGER : Types.VARCHAR);
      }
      ps.setBoolean(16, false);
      for (int i = 17; i <= COUNT; i++) {
        ps.setNull(i, Types.VARCHAR);
      }
      return;
    }
    ps.setString(7, a.host());
    ps.setInt(8, a.port());
    ps.setString(9, a.security().name());
    ps.setString(10, a.user());
    ps.setString(11, a.sealedPassword());
    ps.setString(12, a.folder());
    ps.setString(13, a.after().name());
    ps.setString(14, a.doneFolder());
    ps.setString(15, a.failedFolder());
    ps.setBoolean(16, a.trustCertificate());
    ImapOAuth o = a.oauth();
    ps.setString(17, o == null ? AUTH_PASSWORD : AUTH_XOAUTH2);
    ps.setString(18, o == null ? null : o.tokenUrl().toString());
    ps.setString(19, o == null ? null : o.clientId());
    ps.setString(20, o == null ? null : o.sealedClientSecret());
    ps.setString(21, o == null ? null : o.sealedRefreshToken());
    ps.setString(22, o == null ? null : o.scope());
  }

  /** The OAuth sign-in of a row: null for the password (also a row stored before V103). */
  private static @Nullable ImapOAuth oauth(ResultSet rs) throws SQLException {
    String auth = rs.getString("imap_auth");
    if (auth == null || auth.equals(AUTH_PASSWORD)) {
      return null;
    }
    if (!auth.equals(AUTH_XOAUTH2)) {
      throw new IllegalArgumentException("unknown sign-in " + auth);
    }
    return new ImapOAuth(
        URI.create(rs.getString("imap_token_url")),
        rs.getString("imap_client_id"),
        Objects.requireNonNullElse(rs.getString("imap_client_secret"), ""),
        Objects.requireNonNullElse(rs.getString("imap_refresh_token"), ""),
        Objects.requireNonNullElse(rs.getString("imap_scope"), ""));
  }

  private static Optional<SourceSetting> read(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    try {
      String kind = rs.getString("kind");
      Duration interval = Duration.ofSeconds(Math.max(1, rs.getInt("poll_seconds")));
      String name = rs.getString("name");
      boolean enabled = rs.getBoolean("enabled");
      if ("folder".equals(kind)) {
        return Optional.of(
            new SourceSetting(
                id, name, enabled, interval, Path.of(rs.getString("folder_path")), null));
      }
      if (!"imap".equals(kind)) {
        throw new IllegalArgumentException("unknown kind " + kind);
      }
      ImapAccount a =
          new ImapAccount(
              rs.getString("imap_host"),
              rs.getInt("imap_port"),
              ImapSettings.Security.valueOf(rs.getString("imap_security").toUpperCase(Locale.ROOT)),
              rs.getString("imap_user"),
              rs.getString("imap_password"),
              rs.getString("imap_folder"),
              ImapSettings.AfterCommit.valueOf(rs.getString("imap_after").toUpperCase(Locale.ROOT)),
              rs.getString("imap_done_folder"),
              rs.getString("imap_failed_folder"),
              rs.getBoolean("imap_trust"),
              oauth(rs));
      return Optional.of(new SourceSetting(id, name, enabled, interval, null, a));
    } catch (RuntimeException e) {
      LOG.warn("stored ingestion source {} skipped: {}", id, e.toString());
      return Optional.empty();
    }
  }
}
