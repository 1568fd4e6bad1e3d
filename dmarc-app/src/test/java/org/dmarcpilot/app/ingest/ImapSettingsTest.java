// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.oauth.TokenVariable;
import org.junit.jupiter.api.Test;

/** {@link ImapSettings}: the login modes, and that no secret goes into its text. */
class ImapSettingsTest {
  private static final String TOKEN = "ya29.a0AfB_secret-token-value";

  @Test
  void of_logsInWithThePassword_andNeverShowsIt() {
    ImapSettings s = ImapSettings.of("imap.example.com", "dmarc", "hunter2-password");

    assertThat(s.auth()).isEqualTo(ImapSettings.Auth.PASSWORD);
    assertThat(s.toString())
        .isEqualTo(
            "ImapSettings[dmarc@imap.example.com/INBOX, port 0, TLS, after MOVE, login password]")
        .doesNotContain("hunter2");
  }

  @Test
  void xoauth2_namesWhereTokensComeFrom_neverAToken() {
    ImapSettings fromEnv =
        ImapSettings.of("imap.gmail.com", "reports@example.com", "")
            .withAuth(
                new ImapSettings.Auth.Xoauth2(
                    new TokenVariable("GMAIL_TOKEN", Map.of("GMAIL_TOKEN", TOKEN))));
    ImapSettings fromCommand =
        fromEnv.withAuth(
            new ImapSettings.Auth.Xoauth2(
                new TokenCommand(
                    List.of("/opt/oauth/mutt_oauth2.py", "gmail.tokens"), Duration.ofSeconds(30))));

    assertThat(fromEnv.toString())
        .endsWith("login XOAUTH2 with a token from the environment variable GMAIL_TOKEN]")
        .doesNotContain(TOKEN);
    assertThat(fromCommand.describeAuth())
        .isEqualTo(
            "XOAUTH2 with a token from the token command /opt/oauth/mutt_oauth2.py gmail.tokens");
  }

  @Test
  void withIdle_keepsEverythingElse() {
    ImapSettings s =
        ImapSettings.of("imap.gmail.com", "reports@example.com", "")
            .withAuth(new ImapSettings.Auth.Xoauth2(new TokenVariable("T", Map.of())));

    ImapSettings idling = s.withIdle(true);

    assertThat(idling.idle()).isTrue();
    assertThat(idling.withIdle(false)).isEqualTo(s);
  }
}
