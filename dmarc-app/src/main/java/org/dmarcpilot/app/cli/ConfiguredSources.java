// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
import org.dmarcpilot.app.oauth.TokenEndpoint;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.dmarcpilot.app.oauth.TokenVariable;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.web.sources.FolderRoots;

/**
 * What {@code serve} reads from the configuration for its background ingestion: the watched folders
 * ({@code watch.dirs}, comma-separated; {@code watch.poll-seconds}, default 30), the mailbox
 * ({@code imap.host} and the other {@code imap.*} keys {@code ingest} reads, among them how it logs
 * in: {@code imap.auth}, and with {@code xoauth2} {@code imap.token-url} and its keys, {@code
 * imap.token-command} or {@code imap.token-env}), and the key that seals stored IMAP passwords
 * ({@code secrets.key}, else {@code secret.key} in the data directory).
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
                                + " imap.auth=xoauth2 with imap.token-url or"
                                + " imap.token-command)"));
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

  /** The keys that say where an XOAUTH2 login's token comes from; one of them is given. */
  private static final List<String> TOKEN_SOURCES =
      List.of("imap.token-url", "imap.token-command", "imap.token-env");

  /** The keys that go with {@code imap.token-url}, and with nothing else. */
  private static final List<String> ENDPOINT_KEYS =
      List.of("imap.client-id", "imap.client-secret", "imap.refresh-token", "imap.scope");

  /**
   * How the mailbox logs in: {@code imap.auth} is {@code password} (the default) or {@code
   * xoauth2}; with {@code xoauth2} the access token comes from one of: the OAuth 2.0 token endpoint
   * at {@code imap.token-url} (see {@link #endpoint}), the command line {@code imap.token-command}
   * (split as {@link TokenCommand#parse} says), or the environment variable named by {@code
   * imap.token-env}.
   *
   * @throws IllegalArgumentException naming the key when a value is bad, more than one or no token
   *     source is given with {@code xoauth2}, one is given with {@code password}, or a key of the
   *     endpoint is given without it
   */
  static ImapSettings.Auth auth(AppConfig c) {
    String mode = c.get("imap.auth", "password").strip().toLowerCase(Locale.ROOT);
    List<String> sources = TOKEN_SOURCES.stream().filter(k -> c.get(k).isPresent()).toList();
    Optional<String> endpointKey =
        ENDPOINT_KEYS.stream().filter(k -> c.get(k).isPresent()).findFirst();
    switch (mode) {
      case "password" -> {
        if (!sources.isEmpty() || endpointKey.isPresent()) {
          throw new IllegalArgumentException(
              (sources.isEmpty() ? endpointKey.get() : sources.get(0))
                  + " is set, but imap.auth is password: set imap.auth=xoauth2 (ingest:"
                  + " --imap-auth xoauth2) to log in with the token");
        }
        return ImapSettings.Auth.PASSWORD;
      }
      case "xoauth2" -> {
        if (sources.isEmpty()) {
          throw new IllegalArgumentException(
              "imap.auth=xoauth2 needs a token source: imap.token-url (ingest: --imap-token-url),"
                  + " imap.token-command (ingest: --imap-token-command) or imap.token-env");
        }
        if (sources.size() > 1) {
          throw new IllegalArgumentException(
              "imap.auth=xoauth2 takes one token source, not " + String.join(" and ", sources));
        }
        String source = sources.get(0);
        if (!source.equals("imap.token-url") && endpointKey.isPresent()) {
          throw new IllegalArgumentException(
              endpointKey.get()
                  + " is only for imap.token-url; here the token comes from "
                  + source);
        }
        return switch (source) {
          case "imap.token-url" -> endpoint(c);
          case "imap.token-command" -> command(c);
          default -> variable(c);
        };
      }
      default ->
          throw new IllegalArgumentException(
              "imap.auth is password or xoauth2, not '" + mode + "'");
    }
  }

  /**
   * Tokens from the OAuth 2.0 token endpoint at {@code imap.token-url} for the client {@code
   * imap.client-id}, with the scopes {@code imap.scope} (optional): by the {@code refresh_token}
   * grant when {@code imap.refresh-token} is set, else by the {@code client_credentials} grant with
   * {@code imap.client-secret} (which the {@code refresh_token} grant sends too, when it is set).
   * The secret and the refresh token belong in the environment ({@code
   * DMARCPILOT_IMAP_CLIENT_SECRET}, {@code DMARCPILOT_IMAP_REFRESH_TOKEN}) or the file, and have no
   * flags.
   */
  private static ImapSettings.Auth endpoint(AppConfig c) {
    String url = c.get("imap.token-url").orElseThrow().strip();
    URI uri;
    try {
      uri = new URI(url);
      TokenRequest.checkUrl(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("imap.token-url: not a URL: " + url, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("imap.token-url: " + e.getMessage(), e);
    }
    String clientId = value(c, "imap.client-id");
    String secret = value(c, "imap.client-secret");
    String refresh = value(c, "imap.refresh-token");
    String scope = value(c, "imap.scope");
    if (clientId.isEmpty()) {
      throw new IllegalArgumentException(
          "imap.token-url needs imap.client-id (ingest: --imap-client-id)");
    }
    if (secret.isEmpty() && refresh.isEmpty()) {
      throw new IllegalArgumentException(
          "imap.token-url needs imap.client-secret ($"
              + AppConfig.envName("imap.client-secret")
              + ") for the client_credentials grant, or imap.refresh-token ($"
              + AppConfig.envName("imap.refresh-token")
              + ") for the refresh_token grant");
    }
    try {
      return new ImapSettings.Auth.Xoauth2(
          new TokenEndpoint(
              refresh.isEmpty()
                  ? TokenRequest.clientCredentials(uri, clientId, secret, scope)
                  : TokenRequest.refreshToken(uri, clientId, secret, refresh, scope)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("imap.client-id: " + e.getMessage(), e);
    }
  }

  /** A key's value without surrounding white space, or empty. */
  private static String value(AppConfig c, String key) {
    return c.get(key).map(String::strip).orElse("");
  }

  private static ImapSettings.Auth command(AppConfig c) {
    try {
      return new ImapSettings.Auth.Xoauth2(
          TokenCommand.parse(c.get("imap.token-command").orElseThrow()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("imap.token-command: " + e.getMessage(), e);
    }
  }

  private static ImapSettings.Auth variable(AppConfig c) {
    TokenVariable v;
    try {
      v = new TokenVariable(c.get("imap.token-env").orElseThrow().strip(), c.environment());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("imap.token-env: " + e.getMessage(), e);
    }
    if (!c.environment().containsKey(v.name())) {
      throw new IllegalArgumentException(
          "imap.token-env: the environment variable " + v.name() + " is not set");
    }
    return new ImapSettings.Auth.Xoauth2(v);
  }

  /**
   * Where folders watched from the dashboard may be: {@code web.folder-roots} (comma-separated
   * absolute folders; none: no folder can be added there), never the data directory or the
   * configuration file's folder.
   *
   * @throws IllegalArgumentException naming the key when an entry is not an absolute path
   */
  static FolderRoots folderRoots(AppConfig c) {
    return FolderRoots.parse(c.get(FolderRoots.KEY, ""), c.dataDir(), List.of(c.configFile()));
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
