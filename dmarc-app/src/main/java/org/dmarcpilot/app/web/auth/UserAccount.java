// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A dashboard user.
 *
 * @param username the login name (lower case)
 * @param passwordHash the bcrypt hash of the password; never shown
 * @param createdAt when the account was created
 */
public record UserAccount(String username, String passwordHash, Instant createdAt) {
  /** Checks that the fields are present. */
  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "UserAccount[" + username + "]";
  }
}
