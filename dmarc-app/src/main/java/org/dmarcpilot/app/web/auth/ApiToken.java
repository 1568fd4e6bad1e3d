// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as stored. The token a client sends is {@code dp_<id>_<secret>}; only the SHA-256 of
 * the secret is kept, so the token is shown once, when created.
 *
 * @param id the public part, used to find the token
 * @param username the user the token acts for
 * @param name what the owner called it ("prometheus", "grafana")
 * @param secretHash SHA-256 hex of the secret part
 * @param createdAt when it was created
 */
public record ApiToken(
    String id, String username, String name, String secretHash, Instant createdAt) {
  /** Checks that the fields are present. */
  public ApiToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "ApiToken[" + id + ", " + name + ", " + username + "]";
  }
}
