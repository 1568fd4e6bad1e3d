// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.oauth.TokenVariable;
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
        .hasMessageContaining("imap.auth=xoauth2 with imap.token-command");
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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "imap.auth=oauth                                   | imap.auth is password or xoauth2, not 'oauth'",
        "imap.auth=xoauth2                                 | imap.auth=xoauth2 needs one of imap.token-command (ingest: --imap-token-command) and imap.token-env",
        "imap.auth=xoauth2,imap.token-command=a,imap.token-env=T | and imap.token-env, not both",
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
}
