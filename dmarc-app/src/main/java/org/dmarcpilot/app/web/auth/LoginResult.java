// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a login attempt came to.
 *
 * @param outcome success, bad credentials, or throttled
 * @param sessionId the new session's id for the cookie (only on success)
 * @param session the new session (only on success)
 * @param retryAfter how long to wait (only when throttled)
 */
public record LoginResult(
    Outcome outcome,
    @Nullable String sessionId,
    @Nullable WebSession session,
    Duration retryAfter) {
  /** The three ways a login ends. */
  public enum Outcome {
    /** The password matched; a session was created. */
    SUCCESS,
    /** Unknown user or wrong password (deliberately not told apart). */
    BAD_CREDENTIALS,
    /** Too many failures recently; try again after {@code retryAfter}. */
    THROTTLED
  }

  /** Checks that the fields fit the outcome. */
  public LoginResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if ((outcome == Outcome.SUCCESS) != (sessionId != null && session != null)) {
      throw new IllegalArgumentException("a session exactly when the login succeeded");
    }
  }
}
