// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.time.Duration;
import java.util.Objects;
import org.dmarcpilot.app.oauth.AccessTokenSource;

/**
 * Where and how to read an IMAP mailbox.
 *
 * @param host the server
 * @param port the port; 0 for the default of the security mode (993 for TLS, 143 otherwise)
 * @param security TLS from the first byte, STARTTLS, or none (loopback tests only)
 * @param user the login
 * @param password the password (from the configuration file or the environment); not used, and
 *     usually empty, with {@link Auth.Xoauth2}
 * @param folder the folder to read, usually {@code INBOX}
 * @param doneFolder where a message goes once its reports are committed (created if missing)
 * @param failedFolder where a message that holds no report goes (created if missing)
 * @param afterCommit move to the done folder, or only flag the message in place
 * @param idle keep running and wait for new mail (IDLE, else polling) instead of stopping when the
 *     folder has been read
 * @param pollInterval how often to look for new mail when the server has no IDLE, and the longest
 *     an IDLE lasts; after it the source connects and selects the folder afresh (mail the server
 *     announces is read at once, whatever this is)
 * @param trustHosts hosts whose certificates are trusted without a CA ({@code *} for all), for
 *     self-signed servers; empty to use the JDK's trust store only
 * @param maxReconnects how many times in a row a dropped connection is re-established before the
 *     source gives up (with exponential backoff between tries); a login the server refuses is not a
 *     dropped connection and is not tried again
 * @param auth how the source logs in: with the password, or with an OAuth 2.0 access token (SASL
 *     XOAUTH2) asked for at every connection (a token endpoint's is kept while it lasts)
 */
public record ImapSettings(
    String host,
    int port,
    Security security,
    String user,
    String password,
    String folder,
    String doneFolder,
    String failedFolder,
    AfterCommit afterCommit,
    boolean idle,
    Duration pollInterval,
    String trustHosts,
    int maxReconnects,
    Auth auth) {

  /** How the connection is protected. */
  public enum Security {
    /** TLS from the first byte (imaps, port 993). */
    TLS,
    /** Plain connect, then STARTTLS, which is required. */
    STARTTLS,
    /** No protection: only for servers on loopback (tests). */
    NONE
  }

  /** How the source logs in. */
  public sealed interface Auth {
    /** With {@link ImapSettings#password()}. */
    Auth PASSWORD = new Password();

    /** With the password: the IMAP LOGIN command, or a SASL mechanism that sends it. */
    record Password() implements Auth {}

    /**
     * With an OAuth 2.0 access token, by SASL XOAUTH2 only (Microsoft 365, Gmail): a token is asked
     * of {@code tokens} for every connection, and the login fails, without sending the token, when
     * the server does not offer XOAUTH2.
     *
     * @param tokens where the tokens come from
     */
    record Xoauth2(AccessTokenSource tokens) implements Auth {
      /** Checks the source. */
      public Xoauth2 {
        Objects.requireNonNull(tokens, "tokens");
      }
    }
  }

  /** What happens to a message after its reports are committed. */
  public enum AfterCommit {
    /** Move it to the done folder (or the failed folder when it held no report). */
    MOVE,
    /** Leave it in place with the keyword {@value ImapInputSource#DONE_KEYWORD}. */
    FLAG
  }

  public ImapSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(doneFolder, "doneFolder");
    Objects.requireNonNull(failedFolder, "failedFolder");
    Objects.requireNonNull(afterCommit, "afterCommit");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(trustHosts, "trustHosts");
    Objects.requireNonNull(auth, "auth");
    if (port < 0 || port > 65535 || maxReconnects < 0) {
      throw new IllegalArgumentException("bad port or reconnect count");
    }
  }

  /** The settings of a mailbox that logs in with its password ({@link Auth#PASSWORD}). */
  public ImapSettings(
      String host,
      int port,
      Security security,
      String user,
      String password,
      String folder,
      String doneFolder,
      String failedFolder,
      AfterCommit afterCommit,
      boolean idle,
      Duration pollInterval,
      String trustHosts,
      int maxReconnects) {
    this(
        host,
        port,
        security,
        user,
        password,
        folder,
        doneFolder,
        failedFolder,
        afterCommit,
        idle,
        pollInterval,
        trustHosts,
        maxReconnects,
        Auth.PASSWORD);
  }

  /** TLS on the default port, INBOX into {@code DMARC/done} and {@code DMARC/failed}. */
  public static ImapSettings of(String host, String user, String password) {
    return new ImapSettings(
        host,
        0,
        Security.TLS,
        user,
        password,
        "INBOX",
        "DMARC/done",
        "DMARC/failed",
        AfterCommit.MOVE,
        false,
        Duration.ofMinutes(5),
        "",
        8,
        Auth.PASSWORD);
  }

  /** The same mailbox, waiting for new mail ({@code true}) or not. */
  public ImapSettings withIdle(boolean idling) {
    return new ImapSettings(
        host,
        port,
        security,
        user,
        password,
        folder,
        doneFolder,
        failedFolder,
        afterCommit,
        idling,
        pollInterval,
        trustHosts,
        maxReconnects,
        auth);
  }

  /** The same mailbox, logging in another way. */
  public ImapSettings withAuth(Auth how) {
    return new ImapSettings(
        host,
        port,
        security,
        user,
        password,
        folder,
        doneFolder,
        failedFolder,
        afterCommit,
        idle,
        pollInterval,
        trustHosts,
        maxReconnects,
        how);
  }

  /**
   * The settings without the password or a token, which never go into a log or a message; for
   * XOAUTH2, where the tokens come from.
   */
  @Override
  public String toString() {
    return "ImapSettings["
        + mailbox()
        + ", port "
        + port
        + ", "
        + security
        + ", after "
        + afterCommit
        + ", login "
        + describeAuth()
        + "]";
  }

  /** How the source logs in, for messages: {@code password}, or XOAUTH2 and the token source. */
  public String describeAuth() {
    return auth instanceof Auth.Xoauth2 x
        ? "XOAUTH2 with a token from the " + x.tokens().describe()
        : "password";
  }

  /** The mailbox for provenance: {@code user@host/folder}. */
  public String mailbox() {
    return user + "@" + host + "/" + folder;
  }
}
