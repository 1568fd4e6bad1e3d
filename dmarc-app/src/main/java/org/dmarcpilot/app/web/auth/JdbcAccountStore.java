// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.web.sql.SqlDatabase;

/**
 * {@link AccountStore} over JDBC, in SQL that DuckDB and PostgreSQL both run. The tables come from
 * migration {@code V100__web_accounts.sql}.
 */
public final class JdbcAccountStore implements AccountStore {
  private final SqlDatabase db;

  /** A store on the given database, whose schema has migration V100 applied. */
  public JdbcAccountStore(SqlDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Optional<UserAccount> findUser(String username) {
    return queryOne(
        "SELECT username, password_hash, created_at FROM web_user WHERE username = ?",
        JdbcAccountStore::user,
        username);
  }

  @Override
  public List<UserAccount> users() {
    return query(
        "SELECT username, password_hash, created_at FROM web_user ORDER BY username",
        JdbcAccountStore::user);
  }

  @Override
  public boolean addUser(UserAccount user) {
    if (findUser(user.username()).isPresent()) {
      return false;
    }
    try {
      return update(
              "INSERT INTO web_user (username, password_hash, created_at) VALUES (?, ?, ?)",
              user.username(),
              user.passwordHash(),
              user.createdAt().toEpochMilli())
          == 1;
    } catch (AccountStoreException e) {
      if (findUser(user.username()).isPresent()) {
        return false; // lost a race with another writer: the unique key decided
      }
      throw e;
    }
  }

  @Override
  public boolean setPasswordHash(String username, String passwordHash) {
    return update(
            "UPDATE web_user SET password_hash = ? WHERE username = ?", passwordHash, username)
        == 1;
  }

  @Override
  public boolean deleteUser(String username) {
    update("DELETE FROM web_session WHERE username = ?", username);
    update("DELETE FROM web_api_token WHERE username = ?", username);
    return update("DELETE FROM web_user WHERE username = ?", username) == 1;
  }

  @Override
  public void addSession(WebSession s) {
    update(
        "INSERT INTO web_session (id_hash, username, csrf_token, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        s.idHash(),
        s.username(),
        s.csrfToken(),
        s.createdAt().toEpochMilli(),
        s.expiresAt().toEpochMilli());
  }

  @Override
  public Optional<WebSession> findSession(String idHash) {
    return queryOne(
        "SELECT id_hash, username, csrf_token, created_at, expires_at FROM web_session"
            + " WHERE id_hash = ?",
        rs ->
            new WebSession(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5))),
        idHash);
  }

  @Override
  public void deleteSession(String idHash) {
    update("DELETE FROM web_session WHERE id_hash = ?", idHash);
  }

  @Override
  public int deleteSessionsOf(String username) {
    return update("DELETE FROM web_session WHERE username = ?", username);
  }

  @Override
  public int deleteOtherSessionsOf(String username, String keepIdHash) {
    return update(
        "DELETE FROM web_session WHERE username = ? AND id_hash <> ?", username, keepIdHash);
  }

  @Override
  public int deleteExpiredSessions(Instant now) {
    return update("DELETE FROM web_session WHERE expires_at < ?", now.toEpochMilli());
  }

  @Override
  public void addToken(ApiToken t) {
    update(
        "INSERT INTO web_api_token (id, username, name, secret_hash, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        t.id(),
        t.username(),
        t.name(),
        t.secretHash(),
        t.createdAt().toEpochMilli());
  }

  @Override
  public Optional<ApiToken> findToken(String id) {
    return queryOne(
        "SELECT id, username, name, secret_hash, created_at FROM web_api_token WHERE id = ?",
        JdbcAccountStore::token,
        id);
  }

  @Override
  public List<ApiToken> tokens() {
    return query(
        "SELECT id, username, name, secret_hash, created_at FROM web_api_token"
            + " ORDER BY created_at DESC, id",
        JdbcAccountStore::token);
  }

  @Override
  public boolean deleteToken(String id) {
    return update("DELETE FROM web_api_token WHERE id = ?", id) == 1;
  }

  private static UserAccount user(ResultSet rs) throws SQLException {
    return new UserAccount(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)));
  }

  /** Maps one row. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
    List<T> rows = query(sql, mapper, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              bind(ps, args);
              try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                  out.add(mapper.map(rs));
                }
                return out;
              }
            }
          });
    } catch (RuntimeException e) {
      throw new AccountStoreException("query failed: " + sql, e);
    }
  }

  private int update(String sql, Object... args) {
    try {
      return db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              bind(ps, args);
              return ps.executeUpdate();
            }
          });
    } catch (RuntimeException e) {
      throw new AccountStoreException("update failed: " + sql, e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }
}
