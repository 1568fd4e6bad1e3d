// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.oauth.TokenVariable;
import org.dmarcpilot.app.secrets.SecretBox;

/**
 * What {@code serve} reads from the configuration for its background ingestion: the watched folders
 * ({@code watch.dirs}, comma-separated; {@code watch.poll-seconds}, default 30), the mailbox
 * ({@code imap.host} and the other {@code imap.*} keys {@code ingest} reads, among them how it logs
 * in: {@code imap.auth}, {@code imap.token-command}, {@code imap.token-env}), and the key that
 * seals stored IMAP passwords ({@code secrets.key}, else {@code secret.key} in the data directory).
 */
final class ConfiguredSources {
  private ConfiguredSources() {}

  /**
   * The configuration's sources, read-only in the dashboard.
   *
   * @throws IllegalArgumentException when a key has a bad value (the message names it)
   */
  static List<SourceDefinition> of(AppConfig c) {
    List<SourceDefinition> out = new ArrayList<>();
    Duration interval = Duration.ofSeconds(Math.max(1, c.count("watch.poll-seconds", 30)));
    int n = 0;
    for (String p : c.get("watch.dirs", "").split(",")) {
      if (!p.isBlank()) {
        n++;
        out.add(
            SourceDefinition.folder(
                "config-folder-" + n,
                Path.of(p.strip()).toAbsolutePath().normalize(),
                interval,
                SourceDefinition.Origin.CONFIGURATION));
      }
    }
    imap(c, true, Integer.MAX_VALUE)
        .ifPresent(
            s ->
                out.add(
                    SourceDefinition.mailbox(
                        "config-imap", s.mailbox(), s, SourceDefinition.Origin.CONFIGURATION)));
    return out;
  }

  /**
   * The mailbox of the configuration ({@code imap.host} and friends), if any; {@code ingest} puts
   * its {@code --imap-*} flags into the configuration first.
   *
   * @param watch whether to keep waiting for new mail
   * @param defaultMaxReconnects the reconnects unless {@code imap.max-reconnects} says
   */
  static Optional<ImapSettings> imap(AppConfig c, boolean watch, int defaultMaxReconnects) {
    Optional<String> host = c.get("imap.host");
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String user =
        c.get("imap.user")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "imap.user (ingest: --imap-user) is required with an IMAP host"));
    ImapSettings.Auth auth = auth(c);
    String password =
        auth instanceof ImapSettings.Auth.Xoauth2
            ? ""
            : c.get("imap.password")
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no IMAP password: set $DMARCPILOT_IMAP_PASSWORD or imap.password (or"
                                + " imap.auth=xoauth2 with imap.token-command)"));
    ImapSettings.Security security;
    ImapSettings.AfterCommit after;
    try {
      security =
          ImapSettings.Security.valueOf(c.get("imap.security", "tls").toUpperCase(Locale.ROOT));
      after =
          ImapSettings.AfterCommit.valueOf(c.get("imap.after", "move").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "imap.security is tls, starttls or none; imap.after is move or flag");
    }
    return Optional.of(
        new ImapSettings(
            host.get(),
            c.count("imap.port", 0),
            security,
            user,
            password,
            c.get("imap.folder", "INBOX"),
            c.get("imap.done-folder", "DMARC/done"),
            c.get("imap.failed-folder", "DMARC/failed"),
            after,
            watch,
            Duration.ofSeconds(Math.max(1, c.count("imap.poll-seconds", 300))),
            c.get("imap.trust", ""),
            c.count("imap.max-reconnects", defaultMaxReconnects),
            auth));
  }

  /**
   * How the mailbox logs in: {@code imap.auth} is {@code password} (the default) or {@code
   * xoauth2}; with {@code xoauth2} the access token comes from {@code imap.token-command} (a
   * command line, split as {@link TokenCommand#parse} says) or from the environment variable named
   * by {@code imap.token-env}, one of the two.
   *
   * @throws IllegalArgumentException naming the key when a value is bad, both or neither token
   *     source is given with {@code xoauth2}, or one is given with {@code password}
   */
  static ImapSettings.Auth auth(AppConfig c) {
    String mode = c.get("imap.auth", "password").strip().toLowerCase(Locale.ROOT);
    Optional<String> command = c.get("imap.token-command");
    Optional<String> variable = c.get("imap.token-env");
    switch (mode) {
      case "password" -> {
        if (command.isPresent() || variable.isPresent()) {
          throw new IllegalArgumentException(
              (command.isPresent() ? "imap.token-command" : "imap.token-env")
                  + " is set, but imap.auth is password: set imap.auth=xoauth2 (ingest:"
                  + " --imap-auth xoauth2) to log in with the token");
        }
        return ImapSettings.Auth.PASSWORD;
      }
      case "xoauth2" -> {
        if (command.isPresent() == variable.isPresent()) {
          throw new IllegalArgumentException(
              "imap.auth=xoauth2 needs one of imap.token-command (ingest: --imap-token-command)"
                  + " and imap.token-env"
                  + (command.isPresent() ? ", not both" : ""));
        }
        if (command.isPresent()) {
          try {
            return new ImapSettings.Auth.Xoauth2(TokenCommand.parse(command.get()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("imap.token-command: " + e.getMessage(), e);
          }
        }
        TokenVariable v;
        try {
          v = new TokenVariable(variable.get().strip(), c.environment());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("imap.token-env: " + e.getMessage(), e);
        }
        if (!c.environment().containsKey(v.name())) {
          throw new IllegalArgumentException(
              "imap.token-env: the environment variable " + v.name() + " is not set");
        }
        return new ImapSettings.Auth.Xoauth2(v);
      }
      default ->
          throw new IllegalArgumentException(
              "imap.auth is password or xoauth2, not '" + mode + "'");
    }
  }

  /**
   * The box that seals stored IMAP passwords: the key {@code secrets.key} (base64 of 32 bytes;
   * environment {@code DMARCPILOT_SECRETS_KEY}) when set, else the file {@code secret.key} in the
   * data directory, created owner-only on first use.
   */
  static SecretBox secretBox(AppConfig c) throws IOException {
    Optional<String> key = c.get(SecretBox.CONFIG_KEY);
    if (key.isPresent()) {
      try {
        return SecretBox.fromBase64(key.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(SecretBox.CONFIG_KEY + ": " + e.getMessage(), e);
      }
    }
    return SecretBox.loadOrCreate(c.dataDir().resolve(SecretBox.KEY_FILE));
  }
}
