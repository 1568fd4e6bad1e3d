// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dmarcpilot ingest --imap-auth xoauth2 --imap-token-command ...} against GreenMail (whose
 * XOAUTH2 takes the user's password as the token): the flags reach the source, and neither the
 * summary, the progress lines nor an error shows the token.
 */
class IngestImapXoauth2IT {
  private static final String TOKEN = "ya29.a0AfB_cli-test-token-0123456789";

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
            "dmarcpilot ingest: imap.auth=xoauth2 needs one of imap.token-command (ingest:"
                + " --imap-token-command) and imap.token-env");
  }
}
