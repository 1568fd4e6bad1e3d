// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.jspecify.annotations.Nullable;

/**
 * Checks a source form field by field and turns it into a {@link SourceSetting}; every problem is
 * named with its field. A folder must exist, be readable by the server and be allowed by the {@link
 * FolderRoots} (never the data directory); a host is a host name or an address; a port is 1 to
 * 65535; security {@code none} sends the password in clear and is allowed for a server on this
 * machine only; trusting a certificate without a CA needs TLS or STARTTLS.
 */
public final class SourceValidator {
  /** The shortest look interval of a folder, in seconds. */
  public static final int MIN_INTERVAL = 5;

  /** The longest look interval of a folder, in seconds (a day). */
  public static final int MAX_INTERVAL = 86_400;

  /** How often a mailbox is polled (or its IDLE renewed). */
  public static final Duration IMAP_POLL = Duration.ofMinutes(5);

  static final int MAX_PATH = 4000;
  static final int MAX_NAME = 100;
  static final int MAX_USER = 320;
  static final int MAX_PASSWORD = 1000;
  static final int MAX_FOLDER = 200;

  /**
   * A valid form.
   *
   * @param setting the source (id 0; an IMAP account's sealed password and OAuth secrets empty)
   * @param password the IMAP password typed, or null when left empty (or signing in with OAuth)
   * @param clientSecret the OAuth client secret typed, or null when left empty
   * @param refreshToken the OAuth refresh token typed, or null when left empty
   * @param forgetRefreshToken whether the stored refresh token is dropped
   */
  public record Valid(
      SourceSetting setting,
      @Nullable String password,
      @Nullable String clientSecret,
      @Nullable String refreshToken,
      boolean forgetRefreshToken) {
    /** A valid form without OAuth secrets. */
    public Valid(SourceSetting setting, @Nullable String password) {
      this(setting, password, null, null, false);
    }
  }

  /**
   * The secrets an account has stored, which a field left empty keeps.
   *
   * @param password a password (the account signs in with it)
   * @param clientSecret an OAuth client secret
   * @param refreshToken an OAuth refresh token
   */
  public record Stored(boolean password, boolean clientSecret, boolean refreshToken) {
    /** Nothing stored: a new account. */
    public static final Stored NONE = new Stored(false, false, false);

    /** What a stored account has (null: nothing). */
    public static Stored of(@Nullable ImapAccount a) {
      if (a == null) {
        return NONE;
      }
      ImapOAuth o = a.oauth();
      return new Stored(
          o == null && !a.sealedPassword().isEmpty(),
          o != null && !o.sealedClientSecret().isEmpty(),
          o != null && !o.sealedRefreshToken().isEmpty());
    }
  }

  private SourceValidator() {}

  /**
   * A watched folder from the form, which must be one the roots allow; it is kept as its real path
   * (links resolved), which is what was checked and what is read.
   *
   * @param roots where a folder may be
   * @throws InvalidSourceException naming each bad field
   */
  public static Valid folder(SourceForm f, FolderRoots roots) throws InvalidSourceException {
    Map<String, String> errors = new LinkedHashMap<>();
    Path path = path(f.path(), roots, errors);
    if (path != null && errors.isEmpty()) {
      Optional<String> refused = roots.refusal(path);
      if (refused.isPresent()) {
        errors.put("path", refused.get());
      } else {
        path = real(path, errors);
      }
    }
    int interval =
        number(f.interval(), "interval", "The interval", MIN_INTERVAL, MAX_INTERVAL, 0, errors);
    if (!errors.isEmpty()) {
      throw new InvalidSourceException(errors);
    }
    return new Valid(
        new SourceSetting(
            0, path.toString(), f.enabled(), Duration.ofSeconds(interval), path, null),
        null);
  }

  /**
   * An IMAP account from the form.
   *
   * @param passwordRequired whether an empty password is an error (adding) or means unchanged
   *     (editing an account that signs in with its password)
   * @throws InvalidSourceException naming each bad field
   */
  public static Valid imap(SourceForm f, boolean passwordRequired) throws InvalidSourceException {
    return imap(f, passwordRequired ? Stored.NONE : new Stored(true, false, false));
  }

  /**
   * An IMAP account from the form, signing in with its password or with OAuth 2.0 through a token
   * endpoint.
   *
   * @param stored the secrets the account has stored, which an empty field keeps ({@link
   *     Stored#NONE} when adding: then the password, or the client secret without a refresh token,
   *     is required)
   * @throws InvalidSourceException naming each bad field
   */
  public static Valid imap(SourceForm f, Stored stored) throws InvalidSourceException {
    Map<String, String> errors = new LinkedHashMap<>();
    String host = host(f.host(), errors);
    String name = f.name();
    if (name.isEmpty()) {
      name = f.user().isEmpty() || host == null ? "" : f.user() + "@" + host;
    }
    if (name.isEmpty() || name.length() > MAX_NAME || hasControl(name)) {
      errors.put(
          "name", "The name must be 1 to " + MAX_NAME + " characters without control characters.");
    }
    ImapSettings.Security security = null;
    switch (f.security().toLowerCase(Locale.ROOT)) {
      case "tls" -> security = ImapSettings.Security.TLS;
      case "starttls" -> security = ImapSettings.Security.STARTTLS;
      case "none" -> {
        security = ImapSettings.Security.NONE;
        if (host != null && !loopback(host)) {
          errors.put(
              "security",
              "Security 'none' sends the password in clear: it is allowed only for a server on"
                  + " this machine (localhost, 127.0.0.1, ::1). Use TLS or STARTTLS.");
        }
      }
      default -> errors.put("security", "Security must be TLS or STARTTLS.");
    }
    int port = number(f.port(), "port", "The port", 1, 65_535, 0, errors);
    if (f.user().isEmpty() || f.user().length() > MAX_USER || hasControl(f.user())) {
      errors.put(
          "user", "The user must be 1 to " + MAX_USER + " characters without control characters.");
    }
    SignInValidator.Typed signIn = SignInValidator.check(f.signIn(), f.password(), stored, errors);
    String folder = mailFolder(f.folder(), "folder", "The folder", errors);
    ImapSettings.AfterCommit after = null;
    switch (f.after().toLowerCase(Locale.ROOT)) {
      case "move" -> after = ImapSettings.AfterCommit.MOVE;
      case "flag" -> after = ImapSettings.AfterCommit.FLAG;
      default -> errors.put("after", "After storing, a message is either moved or flagged.");
    }
    String done = f.doneFolder().isEmpty() ? "DMARC/done" : f.doneFolder();
    String failed = f.failedFolder().isEmpty() ? "DMARC/failed" : f.failedFolder();
    done = mailFolder(done, "done_folder", "The done folder", errors);
    failed = mailFolder(failed, "failed_folder", "The failed folder", errors);
    if (folder != null && done != null && sameFolder(folder, done)) {
      errors.put("done_folder", "The done folder must differ from the folder read.");
    }
    if (folder != null && failed != null && sameFolder(folder, failed)) {
      errors.put("failed_folder", "The failed folder must differ from the folder read.");
    }
    if (f.trust() && security == ImapSettings.Security.NONE) {
      errors.put(
          "trust",
          "Security 'none' uses no certificate: choose TLS or STARTTLS to trust a self-signed"
              + " one.");
    }
    if (!errors.isEmpty()) {
      throw new InvalidSourceException(errors);
    }
    ImapAccount account =
        new ImapAccount(
            host,
            port,
            security,
            f.user(),
            "",
            folder,
            after,
            done,
            failed,
            f.trust(),
            signIn.oauth());
    return new Valid(
        new SourceSetting(0, name, f.enabled(), IMAP_POLL, null, account),
        signIn.password(),
        signIn.clientSecret(),
        signIn.refreshToken(),
        signIn.forgetRefreshToken());
  }

  private static @Nullable Path path(String text, FolderRoots roots, Map<String, String> errors) {
    if (text.isEmpty()) {
      errors.put("path", "The folder is required.");
      return null;
    }
    if (text.length() > MAX_PATH || hasControl(text)) {
      errors.put(
          "path",
          "The folder must be at most " + MAX_PATH + " characters without control characters.");
      return null;
    }
    Path p;
    try {
      p = Path.of(text);
    } catch (InvalidPathException e) {
      errors.put("path", "The folder is not a valid path: " + e.getReason() + ".");
      return null;
    }
    if (!p.isAbsolute()) {
      errors.put("path", "The folder must be an absolute path (starting with /).");
      return null;
    }
    p = p.normalize();
    Optional<String> outside = roots.outside(p); // before looking: no probing outside the roots
    if (outside.isPresent()) {
      errors.put("path", outside.get());
      return null;
    }
    if (!Files.exists(p)) {
      errors.put("path", "The folder " + p + " does not exist on the server.");
    } else if (!Files.isDirectory(p)) {
      errors.put("path", p + " is not a folder.");
    } else if (!Files.isReadable(p) || !Files.isExecutable(p)) {
      errors.put("path", "The server cannot read the folder " + p + " (permissions).");
    }
    return p;
  }

  /** The real path of a folder checked a moment ago. */
  private static @Nullable Path real(Path p, Map<String, String> errors) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      errors.put("path", "The folder " + p + " cannot be resolved on the server.");
      return null;
    }
  }

  /** A host name (letters, digits, hyphens; dot-separated labels) or an IPv4 or IPv6 address. */
  static @Nullable String host(String text, Map<String, String> errors) {
    String h = text.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      errors.put("host", "The host is required.");
      return null;
    }
    if (InetAddresses.isInetAddress(h)) {
      return h;
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (!hostName(h)) {
      errors.put("host", "The host must be a host name (like imap.example.com) or an IP address.");
      return null;
    }
    return h;
  }

  private static boolean hostName(String h) {
    if (h.isEmpty() || h.length() > 253) {
      return false;
    }
    for (String label : h.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
          return false;
        }
      }
    }
    return !h.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'); // not a broken IPv4
  }

  /** Whether the host is this machine. */
  static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    return InetAddresses.isInetAddress(host) && InetAddresses.forString(host).isLoopbackAddress();
  }

  private static @Nullable String mailFolder(
      String text, String field, String label, Map<String, String> errors) {
    if (text.isEmpty() || text.length() > MAX_FOLDER || hasControl(text)) {
      errors.put(
          field, label + " must be 1 to " + MAX_FOLDER + " characters without control characters.");
      return null;
    }
    if (text.indexOf('*') >= 0 || text.indexOf('%') >= 0) {
      errors.put(field, label + " must not contain * or % (IMAP wildcards).");
      return null;
    }
    return text;
  }

  private static boolean sameFolder(String a, String b) {
    return a.equalsIgnoreCase("INBOX") && b.equalsIgnoreCase("INBOX") || a.equals(b);
  }

  /** A whole number in the range; empty gives {@code absent} when it is allowed (not 0 min). */
  private static int number(
      String text,
      String field,
      String label,
      int min,
      int max,
      int absent,
      Map<String, String> errors) {
    if (text.isEmpty() && field.equals("port")) {
      return absent;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.put(field, label + " must be a whole number from " + min + " to " + max + ".");
    return absent;
  }

  static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
