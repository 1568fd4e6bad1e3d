// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Hashes and checks passwords with bcrypt. Passwords longer than bcrypt's 72 bytes are refused
 * rather than silently truncated.
 */
public final class PasswordHasher {
  /** bcrypt cost used for new hashes: 2^{@value} rounds. */
  public static final int DEFAULT_COST = 12;

  /** The longest password bcrypt takes without truncating, in UTF-8 bytes: {@value}. */
  public static final int MAX_PASSWORD_BYTES = 72;

  /** The shortest password accepted for a new account: {@value} characters. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private final int cost;
  private final SecureRandom random;
  private final String dummyHash;

  /** A hasher with the given bcrypt cost (4..31); tests use a low cost to stay fast. */
  public PasswordHasher(int cost, SecureRandom random) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost out of range 4..31: " + cost);
    }
    this.cost = cost;
    this.random = Objects.requireNonNull(random, "random");
    this.dummyHash = BCrypt.hashpw("not a password", BCrypt.gensalt(cost, random));
  }

  /** A hasher with {@link #DEFAULT_COST}. */
  public static PasswordHasher standard() {
    return new PasswordHasher(DEFAULT_COST, new SecureRandom());
  }

  /**
   * Hashes a new password.
   *
   * @throws IllegalArgumentException when the password is shorter than {@link #MIN_PASSWORD_LENGTH}
   *     characters or longer than {@link #MAX_PASSWORD_BYTES} bytes
   */
  public String hash(String password) {
    checkAcceptable(password);
    return BCrypt.hashpw(password, BCrypt.gensalt(cost, random));
  }

  /** Whether a new password is acceptable; the message says why not. */
  public static void checkAcceptable(String password) {
    Objects.requireNonNull(password, "password");
    if (password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "password too short: at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "password too long: at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
    }
  }

  /** Whether the password matches the stored hash; false for an over-long password. */
  public boolean matches(String password, String storedHash) {
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return false;
    }
    try {
      return BCrypt.checkpw(password, storedHash);
    } catch (IllegalArgumentException badHash) {
      return false;
    }
  }

  /**
   * Spends the same time as {@link #matches} against a dummy hash, so that an unknown user name
   * takes as long to refuse as a wrong password.
   */
  public void burn(String password) {
    matches(password, dummyHash);
  }
}
