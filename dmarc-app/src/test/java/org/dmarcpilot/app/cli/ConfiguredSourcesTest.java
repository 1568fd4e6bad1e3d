// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.oauth.TokenEndpoint;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.dmarcpilot.app.oauth.TokenVariable;
import org.dmarcpilot.app.web.sources.FolderRoots;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mailbox of the configuration ({@code imap.*}), and how it logs in. */
class ConfiguredSourcesTest {
  @TempDir Path dir;

  private AppConfig config(Map<String, String> env, String... keysAndValues) {
    Map<String, @Nullable String> flags = new HashMap<>();
    flags.put("data.dir", dir.toString());
    flags.put("imap.host", "outlook.office365.com");
    flags.put("imap.user", "dmarc-reports@example.com");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      flags.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return AppConfig.load(flags, env);
  }

  private ImapSettings imap(AppConfig c) {
    return ConfiguredSources.imap(c, false, 8).orElseThrow();
  }

  @Test
  void imap_noAuthKey_logsInWithThePassword() {
    ImapSettings s = imap(config(Map.of("DMARCPILOT_IMAP_PASSWORD", "pw-from-env")));

    assertThat(s.auth()).isEqualTo(ImapSettings.Auth.PASSWORD);
    assertThat(s.password()).isEqualTo("pw-from-env");
  }

  @Test
  void imap_passwordModeWithoutPassword_namesBothWays() {
    assertThatThrownBy(() -> imap(config(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imap.password")
        .hasMessageContaining("imap.auth=xoauth2 with imap.token-url or imap.token-command");
  }

  @Test
  void imap_xoauth2WithTokenCommand_splitsTheCommand_needsNoPassword() {
    ImapSettings s =
        imap(
            config(
                Map.of(),
                "imap.auth",
                "XOAUTH2",
                "imap.token-command",
                "/usr/local/bin/oauth2ms --config '/etc/dmarc pilot/m365.json'"));

    assertThat(s.auth())
        .isEqualTo(
            new ImapSettings.Auth.Xoauth2(
                new TokenCommand(
                    List.of("/usr/local/bin/oauth2ms", "--config", "/etc/dmarc pilot/m365.json"),
                    Duration.ofSeconds(30))));
    assertThat(s.password()).isEmpty();
    assertThat(s.toString())
        .isEqualTo(
            "ImapSettings[dmarc-reports@example.com@outlook.office365.com/INBOX, port 0, TLS,"
                + " after MOVE, login XOAUTH2 with a token from the token command"
                + " /usr/local/bin/oauth2ms --config \"/etc/dmarc pilot/m365.json\"]");
  }

  @Test
  void imap_xoauth2FromTheEnvironmentAndFile_keysReadLikeTheOthers() {
    Map<String, String> env =
        Map.of(
            "DMARCPILOT_IMAP_AUTH",
            "xoauth2",
            "DMARCPILOT_IMAP_TOKEN_ENV",
            "M365_TOKEN",
            "M365_TOKEN",
            "eyJ0eXAi.payload.sig");

    ImapSettings s = imap(config(env));

    assertThat(s.auth())
        .isEqualTo(new ImapSettings.Auth.Xoauth2(new TokenVariable("M365_TOKEN", env)));
    assertThat(s.toString())
        .endsWith("login XOAUTH2 with a token from the environment variable M365_TOKEN]")
        .doesNotContain("eyJ0eXAi");
  }

  @Test
  void imap_xoauth2WithTokenUrlAndClientSecret_asksTheEndpointForAnAppOnlyToken() {
    String url = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
    Map<String, String> env = Map.of("DMARCPILOT_IMAP_CLIENT_SECRET", "app-secret-from-env ");

    ImapSettings s =
        imap(
            config(
                env,
                "imap.auth",
                "xoauth2",
                "imap.token-url",
                url,
                "imap.client-id",
                " 00000000-1111-2222-3333-444444444444",
                "imap.scope",
                "https://outlook.office365.com/.default"));

    assertThat(s.auth())
        .isEqualTo(
            new ImapSettings.Auth.Xoauth2(
                new TokenEndpoint(
                    TokenRequest.clientCredentials(
                        URI.create(url),
                        "00000000-1111-2222-3333-444444444444",
                        "app-secret-from-env",
                        "https://outlook.office365.com/.default"))));
    assertThat(s.toString())
        .endsWith(
            "login XOAUTH2 with a token from the token endpoint "
                + url
                + " (client_credentials grant, client ID 00000000-1111-2222-3333-444444444444)]")
        .doesNotContain("app-secret");
  }

  @Test
  void imap_xoauth2WithTokenUrlAndRefreshToken_usesTheRefreshTokenGrant() {
    Map<String, String> env =
        Map.of(
            "DMARCPILOT_IMAP_CLIENT_SECRET", "GOCSPX-secret",
            "DMARCPILOT_IMAP_REFRESH_TOKEN", "1//0g-refresh");

    ImapSettings s =
        imap(
            config(
                env,
                "imap.host",
                "imap.gmail.com",
                "imap.auth",
                "xoauth2",
                "imap.token-url",
                "https://oauth2.googleapis.com/token",
                "imap.client-id",
                "123.apps.googleusercontent.com",
                "imap.scope",
                "https://mail.google.com/"));

    assertThat(((ImapSettings.Auth.Xoauth2) s.auth()).tokens())
        .isEqualTo(
            new TokenEndpoint(
                TokenRequest.refreshToken(
                    URI.create("https://oauth2.googleapis.com/token"),
                    "123.apps.googleusercontent.com",
                    "GOCSPX-secret",
                    "1//0g-refresh",
                    "https://mail.google.com/")));
    assertThat(s.toString()).doesNotContain("GOCSPX").doesNotContain("1//0g");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "imap.auth=oauth                                   | imap.auth is password or xoauth2, not 'oauth'",
        "imap.auth=xoauth2                                 | imap.auth=xoauth2 needs a token source: imap.token-url (ingest: --imap-token-url), imap.token-command (ingest: --imap-token-command) or imap.token-env",
        "imap.auth=xoauth2,imap.token-command=a,imap.token-env=T | imap.auth=xoauth2 takes one token source, not imap.token-command and imap.token-env",
        "imap.auth=xoauth2,imap.token-url=https://t.example/token,imap.client-id=a,imap.client-secret=s,imap.token-command=a | imap.auth=xoauth2 takes one token source, not imap.token-url and imap.token-command",
        "imap.auth=xoauth2,imap.token-url=https://t.example/token | imap.token-url needs imap.client-id (ingest: --imap-client-id)",
        "imap.auth=xoauth2,imap.token-url=https://t.example/token,imap.client-id=a | imap.token-url needs imap.client-secret ($DMARCPILOT_IMAP_CLIENT_SECRET) for the client_credentials grant, or imap.refresh-token ($DMARCPILOT_IMAP_REFRESH_TOKEN) for the refresh_token grant",
        "imap.auth=xoauth2,imap.token-url=http://t.example/token,imap.client-id=a,imap.client-secret=s | imap.token-url: the token URL http://t.example/token must use https (plain http only to a loopback address",
        "imap.auth=xoauth2,imap.token-url=https://t.example/a b,imap.client-id=a,imap.client-secret=s | imap.token-url: not a URL: https://t.example/a b",
        "imap.auth=xoauth2,imap.token-command=a,imap.client-id=x | imap.client-id is only for imap.token-url; here the token comes from imap.token-command",
        "imap.auth=xoauth2,imap.token-env=T,imap.refresh-token=r | imap.refresh-token is only for imap.token-url; here the token comes from imap.token-env",
        "imap.token-url=https://t.example/token            | imap.token-url is set, but imap.auth is password: set imap.auth=xoauth2",
        "imap.client-secret=s                              | imap.client-secret is set, but imap.auth is password: set imap.auth=xoauth2",
        "imap.token-command=/usr/bin/helper                | imap.token-command is set, but imap.auth is password: set imap.auth=xoauth2",
        "imap.auth=password,imap.token-env=T               | imap.token-env is set, but imap.auth is password",
        "imap.auth=xoauth2,imap.token-command=helper \"x   | imap.token-command: the token command has a \" at character 8 that is not closed",
        "imap.auth=xoauth2,imap.token-command=   '' ''     | imap.token-command: a token command needs a program to run",
        "imap.auth=xoauth2,imap.token-env=NOT_SET_HERE     | imap.token-env: the environment variable NOT_SET_HERE is not set",
        "imap.auth=xoauth2,imap.token-env=A=B              | imap.token-env: not the name of an environment variable: 'A=B'",
      })
  void imap_badLoginSettings_namesTheKey(String settings, String message) {
    List<String> kv = new java.util.ArrayList<>();
    for (String pair : settings.split(",")) {
      int eq = pair.indexOf('=');
      kv.add(pair.substring(0, eq));
      kv.add(pair.substring(eq + 1));
    }
    AppConfig c = config(Map.of("DMARCPILOT_IMAP_PASSWORD", "pw"), kv.toArray(String[]::new));

    assertThatThrownBy(() -> imap(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void of_configuredMailboxForServe_keepsItsLogin() {
    AppConfig c = config(Map.of(), "imap.auth", "xoauth2", "imap.token-command", "/usr/bin/helper");

    SourceDefinition d = ConfiguredSources.of(c).get(0);

    ImapSettings s = ((SourceDefinition.Mailbox) d.target()).settings();
    assertThat(s.auth()).isInstanceOf(ImapSettings.Auth.Xoauth2.class);
    assertThat(s.idle()).isTrue();
    assertThat(s.withIdle(false).auth()).isEqualTo(s.auth());
  }

  @Test
  void folderRoots_fromTheEnvironment_dataDirectoryAndConfigurationFileProtected()
      throws Exception {
    Path drop = java.nio.file.Files.createDirectories(dir.resolve("drop"));
    Path etc = java.nio.file.Files.createDirectories(dir.resolve("etc"));
    Path file = java.nio.file.Files.writeString(etc.resolve("dmarcpilot.properties"), "");
    AppConfig c =
        AppConfig.load(
            Map.of("data.dir", dir.resolve("data").toString(), "config", file.toString()),
            Map.of("DMARCPILOT_WEB_FOLDER_ROOTS", drop + ", " + dir));
    FolderRoots roots = ConfiguredSources.folderRoots(c);
    assertThat(roots.roots()).containsExactly(drop, dir);
    assertThat(roots.refusal(drop)).isEmpty();
    assertThat(roots.refusal(etc)).get().asString().contains("the configuration file " + file);
    assertThat(roots.refusal(dir)).get().asString().contains("contains the data directory");
    assertThat(ConfiguredSources.folderRoots(config(Map.of())).roots()).isEmpty();
  }

  @Test
  void folderRoots_relativeFolder_namesTheKey() {
    AppConfig c = config(Map.of(), "web.folder-roots", "/srv/dmarc,incoming");
    assertThatThrownBy(() -> ConfiguredSources.folderRoots(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("web.folder-roots: not an absolute folder: incoming");
  }
}
