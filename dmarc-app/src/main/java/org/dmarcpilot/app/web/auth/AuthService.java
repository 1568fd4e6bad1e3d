// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Users, logins, sessions and API tokens: the logic behind the web tier's authentication. Session
 * ids and token secrets are random, handed out once, and stored only as SHA-256 digests; passwords
 * are stored as bcrypt hashes.
 */
public final class AuthService {
  /** The user created on first start. */
  public static final String ADMIN = "admin";

  /** How long a browser session lasts after login. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  private static final String TOKEN_PREFIX = "dp_";
  private static final int INITIAL_PASSWORD_LENGTH = 20;

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;

  /** A service over the given store. */
  public AuthService(
      AccountStore store, PasswordHasher hasher, LoginThrottle throttle, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * On first start (no user at all), creates {@value #ADMIN} with a random password and returns
   * that password, to be shown once; otherwise returns empty.
   */
  public Optional<String> bootstrapAdmin() {
    if (!store.users().isEmpty()) {
      return Optional.empty();
    }
    String password = randomPassword();
    boolean added = store.addUser(new UserAccount(ADMIN, hasher.hash(password), clock.instant()));
    return added ? Optional.of(password) : Optional.empty();
  }

  /**
   * Checks a user name and password from the address {@code address} and opens a session when they
   * match. Failed attempts count against both the address and the user name.
   */
  public LoginResult login(String username, String password, String address) {
    String user = username.strip().toLowerCase(Locale.ROOT);
    Duration wait = throttle.retryAfter(address, user);
    if (!wait.isZero()) {
      return new LoginResult(LoginResult.Outcome.THROTTLED, null, null, wait);
    }
    Optional<UserAccount> account = validUsername(user) ? store.findUser(user) : Optional.empty();
    boolean ok;
    if (account.isPresent()) {
      ok = hasher.matches(password, account.get().passwordHash());
    } else {
      hasher.burn(password);
      ok = false;
    }
    if (!ok) {
      throttle.failed(address, user);
      return new LoginResult(LoginResult.Outcome.BAD_CREDENTIALS, null, null, Duration.ZERO);
    }
    throttle.succeeded(user);
    Instant now = clock.instant();
    store.deleteExpiredSessions(now);
    String sessionId = Secrets.token(32);
    WebSession session =
        new WebSession(
            Secrets.sha256(sessionId), user, Secrets.token(32), now, now.plus(SESSION_LIFETIME));
    store.addSession(session);
    return new LoginResult(LoginResult.Outcome.SUCCESS, sessionId, session, Duration.ZERO);
  }

  /** The principal of a session cookie's value, if it names a live session. */
  public Optional<Principal> session(@Nullable String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
      return Optional.empty();
    }
    return store
        .findSession(Secrets.sha256(sessionId))
        .filter(s -> s.expiresAt().isAfter(clock.instant()))
        .map(s -> new Principal(s.username(), s, null));
  }

  /** Ends the session of this cookie value (a no-op when there is none). */
  public void logout(@Nullable String sessionId) {
    if (sessionId != null && !sessionId.isEmpty() && sessionId.length() <= 100) {
      store.deleteSession(Secrets.sha256(sessionId));
    }
  }

  /** The principal of an API token as sent ({@code dp_<id>_<secret>}), if it is valid. */
  public Optional<Principal> token(@Nullable String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 200) {
      return Optional.empty();
    }
    int sep = token.indexOf('_', TOKEN_PREFIX.length());
    if (sep < 0) {
      return Optional.empty();
    }
    String id = token.substring(TOKEN_PREFIX.length(), sep);
    String secret = token.substring(sep + 1);
    Optional<ApiToken> stored = store.findToken(id);
    if (stored.isEmpty()
        || !Secrets.constantTimeEquals(stored.get().secretHash(), Secrets.sha256(secret))) {
      return Optional.empty();
    }
    return Optional.of(new Principal(stored.get().username(), null, id));
  }

  /**
   * Creates an API token for a user and returns it with the one and only copy of its secret.
   *
   * @throws IllegalArgumentException when the name is blank, longer than 100 characters or holds a
   *     control character (PostgreSQL refuses U+0000 in text), or the user does not exist
   */
  public NewToken createToken(String username, String name) {
    String label = name.strip();
    if (label.isEmpty()
        || label.length() > 100
        || label.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "token name must have 1 to 100 characters without control characters");
    }
    if (store.findUser(username).isEmpty()) {
      throw new IllegalArgumentException("no such user: " + username);
    }
    String id = Secrets.hex(8);
    String secret = Secrets.token(32);
    ApiToken token = new ApiToken(id, username, label, Secrets.sha256(secret), clock.instant());
    store.addToken(token);
    return new NewToken(token, TOKEN_PREFIX + id + "_" + secret);
  }

  /** All API tokens (without secrets). */
  public List<ApiToken> tokens() {
    return store.tokens();
  }

  /** Revokes a token; false when there is none with that id. */
  public boolean revokeToken(String id) {
    return store.deleteToken(id);
  }

  /** All users. */
  public List<UserAccount> users() {
    return store.users();
  }

  /**
   * Adds a user.
   *
   * @throws IllegalArgumentException when the name is not 1 to 64 of {@code a-z 0-9 . _ -}, the
   *     password is not acceptable, or the user exists
   */
  public void addUser(String username, String password) {
    String user = canonicalUsername(username);
    if (!store.addUser(new UserAccount(user, hasher.hash(password), clock.instant()))) {
      throw new IllegalArgumentException("user exists already: " + user);
    }
  }

  /**
   * Sets a new password and ends the user's other web sessions (whoever knew the old password),
   * keeping {@code current}, the session that changed it, when given. API tokens stay valid.
   *
   * @param current the session to keep, or null to end them all
   * @return how many sessions were ended
   * @throws IllegalArgumentException when the password is not acceptable or the user is unknown
   */
  public int changePassword(String username, String password, @Nullable WebSession current) {
    if (!store.setPasswordHash(username, hasher.hash(password))) {
      throw new IllegalArgumentException("no such user: " + username);
    }
    return current == null
        ? store.deleteSessionsOf(username)
        : store.deleteOtherSessionsOf(username, current.idHash());
  }

  /**
   * Sets a new password and ends every open web session of the user, so that whoever knew the old
   * password is logged out. The user's API tokens stay valid (revoke them separately).
   *
   * @param username the user name, in any case ({@link #canonicalUsername})
   * @return how many sessions were ended
   * @throws IllegalArgumentException when the name is not valid, the user is unknown or the
   *     password is not acceptable
   */
  public int resetPassword(String username, String password) {
    return changePassword(canonicalUsername(username), password, null);
  }

  /**
   * Deletes a user, their sessions and tokens.
   *
   * @throws IllegalArgumentException when it is the last user (nobody could log in)
   */
  public boolean deleteUser(String username) {
    if (store.users().size() <= 1 && store.findUser(username).isPresent()) {
      throw new IllegalArgumentException("the last user cannot be deleted");
    }
    return store.deleteUser(username);
  }

  /**
   * A user name as stored: stripped and in lower case, as {@link #login} reads it.
   *
   * @throws IllegalArgumentException when it is not 1 to 64 of {@code a-z 0-9 . _ -}
   */
  public static String canonicalUsername(String username) {
    String user = username.strip().toLowerCase(Locale.ROOT);
    if (!validUsername(user)) {
      throw new IllegalArgumentException(
          "user name must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'");
    }
    return user;
  }

  /** A new random password of the kind {@link #bootstrapAdmin} makes (20 characters). */
  public static String randomPassword() {
    return Secrets.password(INITIAL_PASSWORD_LENGTH);
  }

  static boolean validUsername(String user) {
    if (user.isEmpty() || user.length() > 64) {
      return false;
    }
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
      if (!ok && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * A token just created.
   *
   * @param token the stored token
   * @param secret the full token to give the client, shown once
   */
  public record NewToken(ApiToken token, String secret) {
    /** Checks that the fields are present. */
    public NewToken {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "NewToken[" + token.id() + "]";
    }
  }
}
