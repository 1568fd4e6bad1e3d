// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import java.io.IOException;

/**
 * No access token could be had: the token command could not be started, failed, took too long or
 * printed something that is not a token, or the environment variable is not set. The message names
 * where the token was to come from and what went wrong, never a token.
 */
public final class TokenException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the reason. */
  public TokenException(String message) {
    super(message);
  }

  /** An exception with the reason and the cause (which holds no token either). */
  public TokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
