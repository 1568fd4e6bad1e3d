// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where users, sessions and API tokens are kept (tables {@code web_user}, {@code web_session},
 * {@code web_api_token} of migration V100). Implementations are thread-safe.
 */
public interface AccountStore {
  /** The user with this name, if any. */
  Optional<UserAccount> findUser(String username);

  /** All users, by name. */
  List<UserAccount> users();

  /**
   * Adds a user.
   *
   * @return false when a user of that name exists already
   */
  boolean addUser(UserAccount user);

  /** Replaces a user's password hash; false when there is no such user. */
  boolean setPasswordHash(String username, String passwordHash);

  /** Deletes a user with its sessions and tokens; false when there is no such user. */
  boolean deleteUser(String username);

  /** Stores a new session. */
  void addSession(WebSession session);

  /** The session with this id hash, if any (expired ones included; the caller checks). */
  Optional<WebSession> findSession(String idHash);

  /** Ends a session. */
  void deleteSession(String idHash);

  /** Ends every session of a user (their API tokens stay); returns how many there were. */
  int deleteSessionsOf(String username);

  /**
   * Ends every session of a user but the one with {@code keepIdHash} (their API tokens stay);
   * returns how many were ended.
   */
  int deleteOtherSessionsOf(String username, String keepIdHash);

  /** Deletes the sessions that expired before {@code now}; returns how many. */
  int deleteExpiredSessions(Instant now);

  /** Stores a new API token. */
  void addToken(ApiToken token);

  /** The token with this public id, if any. */
  Optional<ApiToken> findToken(String id);

  /** All tokens, newest first. */
  List<ApiToken> tokens();

  /** Revokes a token; false when there is no such token. */
  boolean deleteToken(String id);
}
