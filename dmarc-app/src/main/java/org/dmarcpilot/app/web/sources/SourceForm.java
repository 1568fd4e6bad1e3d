// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a source form as typed (every field text, never null), to validate and to show back
 * after an error. The password, the client secret and the refresh token are never shown back.
 *
 * @param name the IMAP account's name (a folder's is its path)
 * @param path the folder to watch
 * @param interval the folder's look interval in seconds
 * @param host the IMAP server
 * @param port its port (empty: the default of the security mode)
 * @param security tls, starttls or none
 * @param user the IMAP login
 * @param password the IMAP password (empty when editing: unchanged)
 * @param folder the IMAP folder to read
 * @param after move or flag
 * @param doneFolder where stored messages go
 * @param failedFolder where messages without a report go
 * @param enabled whether the source runs
 * @param trust whether the IMAP server's certificate is trusted without a CA (self-signed)
 * @param signIn how the IMAP account signs in: its password, or OAuth 2.0
 */
public record SourceForm(
    String name,
    String path,
    String interval,
    String host,
    String port,
    String security,
    String user,
    String password,
    String folder,
    String after,
    String doneFolder,
    String failedFolder,
    boolean enabled,
    boolean trust,
    SignInForm signIn) {
  /** Checks the fields. */
  public SourceForm {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(doneFolder, "doneFolder");
    Objects.requireNonNull(failedFolder, "failedFolder");
    Objects.requireNonNull(signIn, "signIn");
  }

  /** A form whose IMAP account signs in with its password. */
  public SourceForm(
      String name,
      String path,
      String interval,
      String host,
      String port,
      String security,
      String user,
      String password,
      String folder,
      String after,
      String doneFolder,
      String failedFolder,
      boolean enabled,
      boolean trust) {
    this(
        name,
        path,
        interval,
        host,
        port,
        security,
        user,
        password,
        folder,
        after,
        doneFolder,
        failedFolder,
        enabled,
        trust,
        SignInForm.password());
  }

  /** Default look interval of a watched folder, in seconds. */
  public static final int DEFAULT_INTERVAL_SECONDS = 60;

  /** The empty form with the defaults filled in. */
  public static SourceForm empty() {
    return new SourceForm(
        "",
        "",
        String.valueOf(DEFAULT_INTERVAL_SECONDS),
        "",
        "",
        "tls",
        "",
        "",
        "INBOX",
        "move",
        "DMARC/done",
        "DMARC/failed",
        true,
        false);
  }

  /**
   * The form from request fields ({@code enabled} and {@code trust} are checkboxes: present means
   * on).
   *
   * @param field a field's value, or null when absent
   */
  public static SourceForm from(Function<String, @Nullable String> field) {
    return new SourceForm(
        text(field, "name"),
        text(field, "path"),
        text(field, "interval"),
        text(field, "host"),
        text(field, "port"),
        text(field, "security"),
        text(field, "user"),
        Objects.requireNonNullElse(field.apply("password"), ""),
        text(field, "folder"),
        text(field, "after"),
        text(field, "done_folder"),
        text(field, "failed_folder"),
        field.apply("enabled") != null,
        field.apply("trust") != null,
        SignInForm.from(field));
  }

  /** The form of a stored source, to edit it (the password empty: unchanged). */
  public static SourceForm of(SourceSetting s) {
    ImapAccount a = s.imap();
    if (a == null) {
      return new SourceForm(
          s.name(),
          String.valueOf(s.folder()),
          String.valueOf(s.interval().toSeconds()),
          "",
          "",
          "tls",
          "",
          "",
          "INBOX",
          "move",
          "DMARC/done",
          "DMARC/failed",
          s.enabled(),
          false);
    }
    return new SourceForm(
        s.name(),
        "",
        String.valueOf(s.interval().toSeconds()),
        a.host(),
        a.port() == 0 ? "" : String.valueOf(a.port()),
        a.security().name().toLowerCase(java.util.Locale.ROOT),
        a.user(),
        "",
        a.folder(),
        a.after().name().toLowerCase(java.util.Locale.ROOT),
        a.doneFolder(),
        a.failedFolder(),
        s.enabled(),
        a.trustCertificate(),
        SignInForm.of(a));
  }

  private static String text(Function<String, @Nullable String> field, String name) {
    return Objects.requireNonNullElse(field.apply(name), "").strip();
  }
}
