// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * Hears what a long-running source is doing, for a status display: reading, waiting for new input,
 * retrying after a failure, or refused its login. Called from the source's thread; implementations
 * return quickly.
 */
public interface SourceEvents {
  /** Nothing is told. */
  SourceEvents NONE = new SourceEvents() {};

  /** The source is connected and reading (a mailbox opened, a folder being walked). */
  default void reading() {}

  /** The source has read everything there was and waits for new input. */
  default void waiting() {}

  /**
   * The source cannot read now and tries again later (a dropped or refused connection, a missing
   * folder).
   *
   * @param error what went wrong
   */
  default void retrying(String error) {}

  /**
   * The server refused the login (a wrong password, a token it does not take, no XOAUTH2 where a
   * token is to be sent). The source ends; logging in again with the same credentials would be
   * refused again, and each refused login counts towards the provider's lockout of the mailbox or
   * of this address.
   *
   * @param explanation whose login was refused, the server's answer and what to check (no password
   *     or token)
   */
  default void loginRefused(String explanation) {}
}
