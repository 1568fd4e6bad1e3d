// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dmarcpilot ingest --imap-auth xoauth2 --imap-token-url ...} (with a real token endpoint on
 * loopback) and {@code --imap-token-command ...} against GreenMail (whose XOAUTH2 takes the user's
 * password as the token): the flags and keys reach the source, and neither the summary, the
 * progress lines nor an error shows the token, the client secret or the refresh token.
 */
class IngestImapXoauth2IT {
  private static final String TOKEN = "ya29.a0AfB_cli-test-token-0123456789";
  private static final String SECRET = "GOCSPX-cli~secret+0123456789";
  private static final String REFRESH = "1//0gCliRefreshToken-abcdefghijklmnop";

  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;

  @BeforeEach
  void start() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the token command is a /bin/sh script");
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser(ReportMail.TO, "dmarc", TOKEN);
  }

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.stop();
    }
  }

  private Path script(String body) throws Exception {
    Path p = dir.resolve("token helper.sh");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** Exit code, standard output, standard error. */
  private record Run(int code, String out, String err) {}

  private Run ingest(String... login) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--data-dir",
                dir.resolve("data").toString(),
                "--imap-host",
                "127.0.0.1",
                "--imap-port",
                String.valueOf(mail.getImap().getPort()),
                "--imap-security",
                "none",
                "--imap-user",
                "dmarc"));
    args.addAll(List.of(login));
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void ingest_xoauth2WithTokenCommand_storesTheReport() throws Exception {
    user.deliver(
        ReportMail.withAttachment(
            "report",
            "r.zip",
            "application/zip",
            ReportFixtures.zip(
                "r.xml", ReportFixtures.utf8(ReportFixtures.report("CLI-X", 2, 1)))));
    Path s = script("echo " + TOKEN);

    // a path with a space, quoted as the command line wants it
    Run r = ingest("--imap-auth", "xoauth2", "--imap-token-command", "'" + s + "'");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("reports stored:  1");
    assertThat(r.out() + r.err()).doesNotContain(TOKEN);
  }

  private void deliverReport(String id) throws Exception {
    user.deliver(
        ReportMail.withAttachment(
            "report",
            "r.zip",
            "application/zip",
            ReportFixtures.zip("r.xml", ReportFixtures.utf8(ReportFixtures.report(id, 2, 1)))));
  }

  /** A configuration file with the secrets, which have no flags. */
  private Path config(String... lines) throws Exception {
    return Files.writeString(dir.resolve("config.properties"), String.join("\n", lines) + "\n");
  }

  @Test
  void ingest_xoauth2WithTokenUrl_clientCredentials_asksTheEndpointAndStoresTheReport()
      throws Exception {
    deliverReport("CLI-EP");
    try (LocalTokenEndpoint endpoint = LocalTokenEndpoint.start(TOKEN)) {
      Path cfg = config("imap.client-secret = " + SECRET);

      Run r =
          ingest(
              "--config",
              cfg.toString(),
              "--imap-auth",
              "xoauth2",
              "--imap-token-url",
              endpoint.url().toString(),
              "--imap-client-id",
              "00000000-1111-2222-3333-444444444444",
              "--imap-scope",
              "https://outlook.office365.com/.default");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("reports stored:  1");
      assertThat(endpoint.requests()).hasSize(1);
      LocalTokenEndpoint.Received got = endpoint.requests().get(0);
      assertThat(got.method()).isEqualTo("POST");
      assertThat(got.contentType()).isEqualTo("application/x-www-form-urlencoded");
      assertThat(got.form())
          .containsOnly(
              entry("grant_type", "client_credentials"),
              entry("client_id", "00000000-1111-2222-3333-444444444444"),
              entry("client_secret", SECRET),
              entry("scope", "https://outlook.office365.com/.default"));
      assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }
  }

  @Test
  void ingest_xoauth2WithTokenUrl_refreshToken_sendsIt() throws Exception {
    deliverReport("CLI-RT");
    try (LocalTokenEndpoint endpoint = LocalTokenEndpoint.start(TOKEN)) {
      Path cfg =
          config(
              "imap.auth = xoauth2",
              "imap.token-url = " + endpoint.url(),
              "imap.client-id = 123.apps.googleusercontent.com",
              "imap.client-secret = " + SECRET,
              "imap.refresh-token = " + REFRESH,
              "imap.scope = https://mail.google.com/");

      Run r = ingest("--config", cfg.toString());

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("reports stored:  1");
      assertThat(endpoint.requests().get(0).form())
          .containsOnly(
              entry("grant_type", "refresh_token"),
              entry("client_id", "123.apps.googleusercontent.com"),
              entry("client_secret", SECRET),
              entry("refresh_token", REFRESH),
              entry("scope", "https://mail.google.com/"));
      assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(REFRESH);
    }
  }

  @Test
  void ingest_tokenEndpointRefuses_exit2WithItsError() throws Exception {
    try (LocalTokenEndpoint endpoint = LocalTokenEndpoint.start(TOKEN)) {
      endpoint.answer(
          LocalTokenEndpoint.Answer.json(
              400,
              "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or"
                  + " revoked.\"}"));
      Path cfg = config("imap.refresh-token = " + REFRESH, "imap.client-secret = " + SECRET);

      Run r =
          ingest(
              "--config",
              cfg.toString(),
              "--imap-auth",
              "xoauth2",
              "--imap-token-url",
              endpoint.url().toString(),
              "--imap-client-id",
              "123.apps.googleusercontent.com");

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains(
              "dmarcpilot ingest: cannot read IMAP dmarc@127.0.0.1/INBOX: token endpoint "
                  + endpoint.url()
                  + " answered HTTP 400: invalid_grant: Token has been expired or revoked.");
      assertThat(r.out() + r.err()).doesNotContain(SECRET).doesNotContain(REFRESH);
    }
  }

  @Test
  void ingest_tokenCommandFails_exit2WithTheCommandsWords() throws Exception {
    Path s = script("echo " + TOKEN + "\necho 'no cached token for dmarc' >&2\nexit 5");

    Run r = ingest("--imap-auth", "xoauth2", "--imap-token-command", "\"" + s + "\" --user dmarc");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "dmarcpilot ingest: cannot read IMAP dmarc@127.0.0.1/INBOX: token command \""
                + s
                + "\" --user dmarc failed with exit code 5: no cached token for dmarc");
    assertThat(r.out() + r.err()).doesNotContain(TOKEN);
  }

  @Test
  void ingest_xoauth2WithoutTokenSource_exit2NamingTheFlags() {
    Run r = ingest("--imap-auth", "xoauth2");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "dmarcpilot ingest: imap.auth=xoauth2 needs a token source: imap.token-url (ingest:"
                + " --imap-token-url), imap.token-command (ingest: --imap-token-command) or"
                + " imap.token-env");
  }
}
