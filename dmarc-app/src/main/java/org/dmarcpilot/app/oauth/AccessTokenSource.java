// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

/**
 * Where OAuth 2.0 access tokens come from. A token is asked for on every login, as tokens expire
 * (Microsoft 365's and Gmail's after about an hour); implementations do not cache it.
 */
public sealed interface AccessTokenSource permits TokenCommand, TokenVariable {
  /**
   * A token for one login.
   *
   * @return the token: printable ASCII without spaces, at most {@value TokenCommand#MAX_OUTPUT}
   *     bytes
   * @throws TokenException when no token could be had (the message says why, and never holds a
   *     token)
   * @throws InterruptedException when the thread was interrupted while a command ran (the command
   *     is stopped)
   */
  String fetch() throws TokenException, InterruptedException;

  /**
   * Where the tokens come from, for messages: {@code token command /usr/local/bin/oauth2ms}, or
   * {@code environment variable IMAP_TOKEN}. Never a token.
   */
  String describe();
}
