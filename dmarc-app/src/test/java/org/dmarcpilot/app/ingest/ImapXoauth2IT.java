// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.ingest.ReportMail.withAttachment;
import static org.dmarcpilot.testing.Wait.waitFor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Logging in with SASL XOAUTH2 and an access token from a real token command (a shell script
 * written here) against GreenMail. GreenMail 2.1.5 announces {@code AUTH=XOAUTH2} and takes an
 * {@code AUTHENTICATE XOAUTH2} whose bearer token equals the user's password (its {@code
 * AuthenticateCommand} hands the token to {@code UserManager.test(user, token)}), so the account's
 * password plays the token here; the script prints what the file {@code token} holds and counts its
 * runs. A proxy in front of the server keeps the commands the source sent. Whatever happens, no
 * line our code logs holds the token, raw or as the base64 of the XOAUTH2 message.
 */
class ImapXoauth2IT {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJJTUFQIn0.c2lnbmF0dXJl";
  private static final String NEXT_TOKEN = "eyJ0eXAiOiJKV1QifQ.bmV4dC1ob3Vy.c2lnbmF0dXJlMg";

  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  ReportStore store;
  CapabilityProxy proxy;
  Path tokenFile;
  Path runs;
  Path script;
  Logger ours;
  Level oursBefore;
  ListAppender<ILoggingEvent> logged;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the token command is a /bin/sh script");
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser(ReportMail.TO, "dmarc", TOKEN);
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    proxy = new CapabilityProxy(mail.getImap().getPort(), Set.of());
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    runs = dir.resolve("runs");
    script = tokenScript("token.sh", "cat '" + tokenFile + "'");
    ours = (Logger) LoggerFactory.getLogger("org.dmarcpilot");
    oursBefore = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    logged = new ListAppender<>();
    logged.start();
    ours.addAppender(logged);
  }

  @AfterEach
  void stop() throws Exception {
    ours.detachAppender(logged);
    ours.setLevel(oursBefore);
    if (store != null) {
      store.close();
      proxy.close();
      mail.stop();
    }
  }

  /** An executable script that counts its runs in {@link #runs}, then runs {@code body}. */
  private Path tokenScript(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\necho run >> '" + runs + "'\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private int runs() {
    try {
      return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ImapSettings settings(int port, Path command, boolean idle) {
    return new ImapSettings(
            "127.0.0.1",
            port,
            ImapSettings.Security.NONE,
            "dmarc",
            "",
            "INBOX",
            "DMARC/done",
            "DMARC/failed",
            ImapSettings.AfterCommit.MOVE,
            idle,
            Duration.ofSeconds(1),
            "",
            5)
        .withAuth(
            new ImapSettings.Auth.Xoauth2(
                new TokenCommand(List.of(command.toString()), Duration.ofSeconds(10))));
  }

  private void deliverReport(String id) throws Exception {
    user.deliver(
        withAttachment(
            id,
            id + ".zip",
            "application/zip",
            ReportFixtures.zip(id + ".xml", ReportFixtures.utf8(ReportFixtures.report(id, 1, 1)))));
  }

  private IngestSummary ingest(ImapSettings s) throws InterruptedException {
    return new IngestPipeline(
            store,
            CoreReportParser.withFailureCopy(1 << 20),
            IngestOptions.defaults(),
            IngestListener.NONE)
        .run(List.of(new ImapInputSource(s, 1 << 20)));
  }

  private List<String> commands(String name) {
    return proxy.commands().stream().filter(c -> c.equals(name)).toList();
  }

  /** Every line our code logged, with its exceptions' messages. */
  private List<String> logLines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : logged.list) {
      StringBuilder b = new StringBuilder(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      out.add(b.toString());
    }
    return out;
  }

  /** The token, and the base64 of the XOAUTH2 message that carries it, in no text given. */
  private static void assertNoToken(String token, Iterable<String> texts) {
    String sasl = "user=dmarc\u0001auth=Bearer " + token + "\u0001\u0001";
    String encoded = Base64.getEncoder().encodeToString(sasl.getBytes(StandardCharsets.UTF_8));
    for (String t : texts) {
      assertThat(t).doesNotContain(token).doesNotContain(encoded);
    }
  }

  @Test
  void ingest_tokenFromCommand_logsInWithXoauth2AndStoresTheReport() throws Exception {
    deliverReport("XO-1");

    IngestSummary s = ingest(settings(proxy.port(), script, false));

    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).isEqualTo(1);
    assertThat(store.totals().reports()).isEqualTo(1);
    assertThat(commands("AUTHENTICATE")).isNotEmpty();
    assertThat(commands("LOGIN")).as("never a LOGIN with the token").isEmpty();
    assertThat(runs()).isEqualTo(1);
    assertNoToken(TOKEN, logLines());
  }

  @Test
  void ingest_idling_fetchesATokenForEveryConnection() throws Exception {
    deliverReport("XO-1");
    ImapInputSource source = new ImapInputSource(settings(proxy.port(), script, true), 1 << 20);
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread t = PipelineThreads.start(store, source, 1 << 20, result);
    try {
      waitFor(() -> store.totals().reports() == 1);

      // the next hour's token: the server takes only it from now on, and the command prints it
      user.setPassword(NEXT_TOKEN);
      Files.writeString(tokenFile, NEXT_TOKEN + "\n");
      int before = runs();
      // the poll interval (1 s) ends each connection; the next ones log in with the new token
      waitFor(() -> runs() >= before + 2);
      deliverReport("XO-2");
      waitFor(() -> store.totals().reports() == 2);
      assertThat(result.get()).as("still running").isNull();
    } finally {
      source.stop();
      t.join(10_000);
    }
    assertThat(result.get().error()).isNull();
    assertThat(commands("LOGIN")).isEmpty();
    assertNoToken(TOKEN, logLines());
    assertNoToken(NEXT_TOKEN, logLines());
  }

  @Test
  void ingest_tokenCommandFails_endsAtOnce_namingCommandExitCodeAndStderr() throws Exception {
    Path failing =
        tokenScript(
            "expired.sh",
            "echo " + TOKEN + "\necho 'refresh token expired: authorize again' >&2\nexit 4");
    long t0 = System.nanoTime();

    IngestSummary s = ingest(settings(proxy.port(), failing, false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(s.error())
        .isEqualTo(
            "cannot read IMAP dmarc@127.0.0.1/INBOX: token command "
                + failing
                + " failed with exit code 4: refresh token expired: authorize again");
    assertThat(runs()).as("no second try").isEqualTo(1);
    assertThat(proxy.commands()).as("no connection without a token").isEmpty();
    assertNoToken(TOKEN, logLines());
  }

  @Test
  void ingest_rejectedToken_endsAtOnce_sayingWhatToCheck() throws Exception {
    String stale = "eyJ0eXAiOiJKV1QifQ.c3RhbGU.c2lnbmF0dXJlMw";
    Files.writeString(tokenFile, stale + "\n");
    long t0 = System.nanoTime();

    IngestSummary s = ingest(settings(proxy.port(), script, false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(s.error())
        .startsWith(
            "cannot read IMAP dmarc@127.0.0.1/INBOX: the server refused the XOAUTH2 login of dmarc"
                + " (it answered: ")
        .contains("check that the token from the token command " + script + " has not expired")
        .contains("https://outlook.office.com/IMAP.AccessAsUser.All for Microsoft 365")
        .contains("https://mail.google.com/ for Gmail")
        .endsWith("; asked again at once, the token source gave the same token")
        .doesNotContain(stale);
    assertThat(commands("AUTHENTICATE")).as("one login, not a reconnect loop").hasSize(1);
    assertThat(runs()).as("asked once more for a fresh token").isEqualTo(2);
    assertNoToken(stale, logLines());
  }

  @Test
  void ingest_serverWithoutXoauth2_refusesToSendTheToken() throws Exception {
    try (CapabilityProxy plain =
        new CapabilityProxy(mail.getImap().getPort(), Set.of(CapabilityProxy.Extension.XOAUTH2))) {
      long t0 = System.nanoTime();

      IngestSummary s = ingest(settings(plain.port(), script, false));

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(s.error())
          .startsWith(
              "cannot read IMAP dmarc@127.0.0.1/INBOX: the server does not offer XOAUTH2 (no"
                  + " AUTH=XOAUTH2 among its capabilities), so the access token was not sent");
      assertThat(plain.commands()).doesNotContain("LOGIN", "AUTHENTICATE");
    }
    assertNoToken(TOKEN, logLines());
  }

  @Test
  void probe_xoauth2_logsInWithAFreshToken() throws Exception {
    deliverReport("XO-1");

    ImapProbe.Result ok =
        ImapProbe.test(settings(proxy.port(), script, false), Duration.ofSeconds(10));
    Files.writeString(tokenFile, "not-the-token\n");
    ImapProbe.Result refused =
        ImapProbe.test(settings(proxy.port(), script, false), Duration.ofSeconds(10));

    assertThat(ok.ok()).as(ok.error()).isTrue();
    assertThat(ok.messages()).isEqualTo(1);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.error()).startsWith("the server refused the XOAUTH2 login of dmarc");
    assertThat(runs()).as("one token for the first test, two for the second").isEqualTo(3);
  }

  /** {@code serve} runs the mailbox of its configuration with XOAUTH2, and waits for new mail. */
  @Test
  void serve_configuredMailbox_logsInWithTheToken() throws Exception {
    deliverReport("XO-1");
    ImapSettings s = settings(proxy.port(), script, false);
    try (IngestSupervisor supervisor =
        new IngestSupervisor(
            store, IngestOptions.defaults(), () -> IngestListener.NONE, Clock.systemUTC())) {
      supervisor.start(
          SourceDefinition.mailbox(
              "config-imap", s.mailbox(), s, SourceDefinition.Origin.CONFIGURATION));

      waitFor(() -> store.totals().reports() == 1);
      deliverReport("XO-2");
      waitFor(() -> store.totals().reports() == 2);
      SourceState state = supervisor.state("config-imap").orElseThrow();
      assertThat(state.lastError()).isNull();
    }
    assertThat(commands("LOGIN")).isEmpty();
  }

  private IngestSupervisor supervisor(ImapSettings s) {
    IngestSupervisor supervisor =
        new IngestSupervisor(
            store, IngestOptions.defaults(), () -> IngestListener.NONE, Clock.systemUTC());
    supervisor.start(
        SourceDefinition.mailbox(
            "config-imap", s.mailbox(), s, SourceDefinition.Origin.CONFIGURATION));
    return supervisor;
  }

  private static SourceState waitForStatus(IngestSupervisor supervisor, SourceStatus status)
      throws InterruptedException {
    waitFor(() -> supervisor.state("config-imap").orElseThrow().status() == status);
    return supervisor.state("config-imap").orElseThrow();
  }

  /**
   * In {@code serve} a refused token stops the source ({@link SourceStatus#LOGIN_REFUSED}, the
   * explanation shown) after one login, when the command gives the same token again at once; it
   * logs in again when resumed, with the token the command gives then. Before the fix it started
   * again after 5 s, 10 s, ... for good.
   */
  @Test
  void serve_rejectedToken_sameTokenAgain_oneLogin_thenWaitsUntilResumed() throws Exception {
    deliverReport("XO-1");
    Files.writeString(tokenFile, "not-the-token\n");
    try (IngestSupervisor supervisor = supervisor(settings(proxy.port(), script, true))) {
      SourceState state = waitForStatus(supervisor, SourceStatus.LOGIN_REFUSED);
      assertThat(state.lastError())
          .startsWith("IMAP dmarc@127.0.0.1/INBOX: the server refused the XOAUTH2 login of dmarc")
          .contains("https://outlook.office.com/IMAP.AccessAsUser.All")
          .contains("the token source gave the same token")
          .contains("Not logging in again until asked to")
          .doesNotContain("not-the-token");
      assertThat(commands("AUTHENTICATE")).hasSize(1);
      assertThat(runs()).isEqualTo(2);

      Files.writeString(tokenFile, TOKEN + "\n"); // authorized again
      assertThat(supervisor.resume("config-imap")).isTrue();
      waitFor(() -> store.totals().reports() == 1);
    }
    assertThat(commands("LOGIN")).isEmpty();
    assertNoToken("not-the-token", logLines());
    assertNoToken(TOKEN, logLines());
  }

  /**
   * A token the server refuses (it expired between the fetch and the login) and a different one
   * from the command at once: the source logs in with that one and runs on, without a stop, an
   * error or a backoff. Before the fix it waited 5 s and showed the refusal meanwhile.
   */
  @Test
  void serve_tokenRefusedOnce_freshTokenTaken_runsWithoutStopping() throws Exception {
    deliverReport("XO-1");
    Path rotating =
        tokenScript(
            "rotating.sh",
            "if [ $(wc -l < '"
                + runs
                + "') -eq 1 ]; then echo "
                + NEXT_TOKEN
                + "; else cat '"
                + tokenFile
                + "'; fi");
    try (IngestSupervisor supervisor = supervisor(settings(proxy.port(), rotating, true))) {
      waitFor(() -> store.totals().reports() == 1);
      SourceState state = supervisor.state("config-imap").orElseThrow();
      assertThat(state.lastError()).isNull();
      assertThat(state.status()).isNotEqualTo(SourceStatus.LOGIN_REFUSED);
    }
    assertThat(commands("AUTHENTICATE").size()).isGreaterThanOrEqualTo(2);
    assertThat(logLines()).anyMatch(l -> l.contains("gave another token, trying it once"));
    assertNoToken(NEXT_TOKEN, logLines());
    assertNoToken(TOKEN, logLines());
  }

  /** A fresh token that is refused as well: two logins in all, then the source waits. */
  @Test
  void serve_freshTokenRefusedToo_twoLogins_thenLoginRefused() throws Exception {
    Path changing = tokenScript("changing.sh", "echo bad-token-$(wc -l < '" + runs + "')");
    try (IngestSupervisor supervisor = supervisor(settings(proxy.port(), changing, true))) {
      SourceState state = waitForStatus(supervisor, SourceStatus.LOGIN_REFUSED);
      assertThat(state.lastError())
          .contains("; a second, fresh token from it was refused as well")
          .doesNotContain("bad-token-");
      assertThat(commands("AUTHENTICATE")).hasSize(2);
      assertThat(runs()).isEqualTo(2);
    }
  }

  /** A server without XOAUTH2 is a refusal too, and not worth a second token. */
  @Test
  void serve_serverWithoutXoauth2_loginRefused_tokenNeverSent() throws Exception {
    try (CapabilityProxy plain =
            new CapabilityProxy(
                mail.getImap().getPort(), Set.of(CapabilityProxy.Extension.XOAUTH2));
        IngestSupervisor supervisor = supervisor(settings(plain.port(), script, true))) {
      SourceState state = waitForStatus(supervisor, SourceStatus.LOGIN_REFUSED);
      assertThat(state.lastError())
          .startsWith("IMAP dmarc@127.0.0.1/INBOX: the server does not offer XOAUTH2");
      assertThat(plain.commands()).doesNotContain("LOGIN", "AUTHENTICATE");
      assertThat(runs()).isEqualTo(1);
    }
    assertNoToken(TOKEN, logLines());
  }
}
