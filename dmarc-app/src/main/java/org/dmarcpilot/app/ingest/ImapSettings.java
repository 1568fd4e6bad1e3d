// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to read an IMAP mailbox.
 *
 * @param host the server
 * @param port the port; 0 for the default of the security mode (993 for TLS, 143 otherwise)
 * @param security TLS from the first byte, STARTTLS, or none (loopback tests only)
 * @param user the login
 * @param password the password (from the configuration file or the environment)
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
 *     source gives up (with exponential backoff between tries)
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
    int maxReconnects) {

  /** How the connection is protected. */
  public enum Security {
    /** TLS from the first byte (imaps, port 993). */
    TLS,
    /** Plain connect, then STARTTLS, which is required. */
    STARTTLS,
    /** No protection: only for servers on loopback (tests). */
    NONE
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
    if (port < 0 || port > 65535 || maxReconnects < 0) {
      throw new IllegalArgumentException("bad port or reconnect count");
    }
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
        8);
  }

  /** The settings without the password, which never goes into a log or a message. */
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
        + "]";
  }

  /** The mailbox for provenance: {@code user@host/folder}. */
  public String mailbox() {
    return user + "@" + host + "/" + folder;
  }
}
