// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who made a request, and how they proved it.
 *
 * @param username the user
 * @param session the browser session, when authenticated by cookie; null for an API token
 * @param tokenId the API token's id, when authenticated by token; null for a session
 */
public record Principal(String username, @Nullable WebSession session, @Nullable String tokenId) {
  /** Checks that exactly one proof is given. */
  public Principal {
    Objects.requireNonNull(username, "username");
    if ((session == null) == (tokenId == null)) {
      throw new IllegalArgumentException("a principal has either a session or a token");
    }
  }

  /** The CSRF token of the session, or null for an API token (which needs none). */
  public @Nullable String csrfToken() {
    return session != null ? session.csrfToken() : null;
  }
}
