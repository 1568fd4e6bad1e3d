// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

/**
 * What a source whose login the server refused tells people: the source's explanation (whose login,
 * on which server, the server's answer, what to check), that it stopped logging in and why, and how
 * to let it log in again, which depends on where the source was defined.
 */
final class RefusedLogins {
  private RefusedLogins() {}

  /** Why the source stopped, after the explanation. */
  static final String STOPPED =
      "Not logging in again until asked to, as each refused login counts towards the mail"
          + " provider's lockout of the mailbox or a ban of this server's address: ";

  /**
   * The last error of a source in {@link SourceStatus#LOGIN_REFUSED}.
   *
   * @param explanation the source's own explanation, which holds no password or token
   */
  static String message(SourceDefinition definition, String explanation) {
    String todo =
        definition.origin() == SourceDefinition.Origin.SETTINGS
            ? "correct the account and save it under Settings, Ingestion sources (saving logs in"
                + " again), or press Try again there once the password, or the OAuth application's"
                + " access to the mailbox, is right again"
            : "correct imap.* in the configuration and restart serve, or press Try again under"
                + " Settings, Ingestion sources once the password or the token is right again";
    return explanation + ". " + STOPPED + todo + ".";
  }
}
