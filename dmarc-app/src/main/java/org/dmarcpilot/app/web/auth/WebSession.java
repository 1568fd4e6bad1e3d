// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A logged-in browser session as stored: the SHA-256 of the session id (the id itself lives only in
 * the browser's cookie), the user, the CSRF token for its forms, and its lifetime.
 *
 * @param idHash SHA-256 hex of the session id
 * @param username the user
 * @param csrfToken the synchronizer token that every state-changing request must carry
 * @param createdAt when the user logged in
 * @param expiresAt when the session ends
 */
public record WebSession(
    String idHash, String username, String csrfToken, Instant createdAt, Instant expiresAt) {
  /** Checks that the fields are present. */
  public WebSession {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(csrfToken, "csrfToken");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "WebSession[" + username + ", until " + expiresAt + "]";
  }
}
