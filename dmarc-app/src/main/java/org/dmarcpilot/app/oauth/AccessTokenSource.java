// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

/**
 * Where OAuth 2.0 access tokens come from. A token is asked for on every login, as tokens expire
 * (Microsoft 365's and Gmail's after about an hour): a {@link TokenCommand} or a {@link
 * TokenVariable} gives whatever it gives then; a {@link TokenEndpoint} keeps a token until shortly
 * before it expires, or until the server refuses it.
 */
public sealed interface AccessTokenSource permits TokenCommand, TokenVariable, TokenEndpoint {
  /**
   * A token for one login.
   *
   * @return the token: printable ASCII without spaces, at most {@value TokenCommand#MAX_OUTPUT}
   *     bytes
   * @throws TokenException when no token could be had (the message says why, and never holds a
   *     token)
   * @throws InterruptedException when the thread was interrupted while a command ran (the command
   *     is stopped) or a request waited for its answer (the request is given up)
   */
  String fetch() throws TokenException, InterruptedException;

  /**
   * Where the tokens come from, for messages: {@code token command /usr/local/bin/oauth2ms}, or
   * {@code environment variable IMAP_TOKEN}. Never a token.
   */
  String describe();

  /**
   * The server refused the last token this source gave: a source that keeps tokens forgets it, so
   * that the next login asks for a new one (a token issued before the mailbox permission or the
   * consent was granted stays refused). Sources that keep nothing do nothing.
   */
  default void refused() {}
}
