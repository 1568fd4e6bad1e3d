// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.Objects;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.jspecify.annotations.Nullable;

/**
 * A stored IMAP account, with its password sealed.
 *
 * @param host the server's host name or address
 * @param port the port; 0 for the default of the security mode
 * @param security TLS, STARTTLS, or none (a server on this machine only)
 * @param user the login
 * @param sealedPassword the password sealed by the secret box ({@code v1:...}), never clear text
 * @param folder the folder read
 * @param after move to the done folder, or flag in place
 * @param doneFolder where stored messages go
 * @param failedFolder where messages without a report go
 * @param trustCertificate whether the server's certificate is trusted without a CA (a self-signed
 *     server): only this host is exempt from the trust store, TLS or STARTTLS still encrypts and
 *     the certificate must still name the host
 * @param oauth how the account signs in with OAuth 2.0, or null when it signs in with its password
 *     (an OAuth account's sealed password is empty)
 */
public record ImapAccount(
    String host,
    int port,
    ImapSettings.Security security,
    String user,
    String sealedPassword,
    String folder,
    ImapSettings.AfterCommit after,
    String doneFolder,
    String failedFolder,
    boolean trustCertificate,
    @Nullable ImapOAuth oauth) {
  /** Checks the fields. */
  public ImapAccount {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(sealedPassword, "sealedPassword");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(doneFolder, "doneFolder");
    Objects.requireNonNull(failedFolder, "failedFolder");
  }

  /** An account that signs in with its password. */
  public ImapAccount(
      String host,
      int port,
      ImapSettings.Security security,
      String user,
      String sealedPassword,
      String folder,
      ImapSettings.AfterCommit after,
      String doneFolder,
      String failedFolder,
      boolean trustCertificate) {
    this(
        host,
        port,
        security,
        user,
        sealedPassword,
        folder,
        after,
        doneFolder,
        failedFolder,
        trustCertificate,
        null);
  }

  /** The port in use: the given one, or the default of the security mode. */
  public int effectivePort() {
    return port != 0 ? port : security == ImapSettings.Security.TLS ? 993 : 143;
  }

  /** {@code user@host/folder}. */
  public String mailbox() {
    return user + "@" + host + "/" + folder;
  }

  /**
   * The hosts whose certificates are trusted without a CA, as {@link ImapSettings#trustHosts()}
   * takes them: this account's host when it trusts its certificate, else none.
   */
  public String trustHosts() {
    return trustCertificate ? host : "";
  }

  /** {@code password} or {@code oauth}: how the account signs in. */
  public String signIn() {
    return oauth == null ? SignInForm.PASSWORD : SignInForm.OAUTH;
  }

  /** This account with another sealed password and OAuth sign-in (null: the password). */
  ImapAccount withSecrets(String sealed, @Nullable ImapOAuth how) {
    return new ImapAccount(
        host,
        port,
        security,
        user,
        sealed,
        folder,
        after,
        doneFolder,
        failedFolder,
        trustCertificate,
        how);
  }
}
