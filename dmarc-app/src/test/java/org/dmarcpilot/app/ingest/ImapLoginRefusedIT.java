// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
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
 * {@code serve}'s supervisor and a mailbox whose password GreenMail refuses, behind a proxy that
 * keeps the commands sent. Every refused login counts towards a provider's lockout, so the source
 * logs in once, goes to {@link SourceStatus#LOGIN_REFUSED} with the explanation, logs that once,
 * and logs in again only when resumed; a server it cannot reach is still tried again with backoff.
 * Before the fix the supervisor started the source again after 5 s, 10 s, ... for good: two LOGINs
 * in 12 s, the source shown as reconnecting.
 */
class ImapLoginRefusedIT {
  private static final String ID = "config-imap";
  private static final String WRONG = "not-the-password";

  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  ReportStore store;
  CapabilityProxy proxy;
  IngestSupervisor supervisor;
  Logger ours;
  Level oursBefore;
  ListAppender<ILoggingEvent> logged;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser(ReportMail.TO, "dmarc", "secret");
    store = ReportStores.open(StoreConfig.inDataDir(dir));
    proxy = new CapabilityProxy(mail.getImap().getPort(), Set.of());
    supervisor =
        new IngestSupervisor(
            store,
            IngestOptions.defaults().withParserThreads(1),
            () -> IngestListener.NONE,
            Clock.systemUTC());
    ours = (Logger) LoggerFactory.getLogger("org.dmarcpilot");
    oursBefore = ours.getLevel();
    ours.setLevel(Level.INFO);
    logged = new ListAppender<>();
    logged.start();
    ours.addAppender(logged);
  }

  @AfterEach
  void stop() throws Exception {
    ours.detachAppender(logged);
    ours.setLevel(oursBefore);
    supervisor.close();
    proxy.close();
    store.close();
    mail.stop();
  }

  private static ImapSettings settings(int port, String password) {
    return new ImapSettings(
        "127.0.0.1",
        port,
        ImapSettings.Security.NONE,
        "dmarc",
        password,
        "INBOX",
        "DMARC/done",
        "DMARC/failed",
        ImapSettings.AfterCommit.MOVE,
        true,
        Duration.ofMinutes(5), // no new connection after a poll interval during a test
        "",
        Integer.MAX_VALUE);
  }

  private void run(ImapSettings s) {
    supervisor.start(
        SourceDefinition.mailbox(ID, s.mailbox(), s, SourceDefinition.Origin.CONFIGURATION));
  }

  private SourceState state() {
    return supervisor.state(ID).orElseThrow();
  }

  private SourceState waitForState(Predicate<SourceState> p) throws InterruptedException {
    waitFor(() -> p.test(state()));
    return state();
  }

  private long logins() {
    return proxy.commands().stream().filter(c -> c.equals("LOGIN")).count();
  }

  private long logged(Level level, String text) {
    return logged.list.stream()
        .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
        .count();
  }

  @Test
  void serve_wrongPassword_logsInOnce_thenWaitsAsLoginRefused() throws Exception {
    run(settings(proxy.port(), WRONG));

    SourceState refused = waitForState(s -> s.status() == SourceStatus.LOGIN_REFUSED);
    assertThat(logins()).isEqualTo(1);
    assertThat(refused.lastError())
        .startsWith(
            "IMAP dmarc@127.0.0.1/INBOX: the server refused the login of dmarc (it answered:")
        .contains("check the user name and the password")
        .contains("Not logging in again until asked to")
        .contains("press Try again under Settings, Ingestion sources")
        .doesNotContain(WRONG);
    assertThat(refused.lastErrorAt()).isNotNull();
    assertThat(refused.threadAlive()).isTrue();

    // before the fix the supervisor logged in again after 5 s; now nothing happens until resumed
    Thread.sleep(7_000);
    assertThat(logins()).isEqualTo(1);
    assertThat(state().status()).isEqualTo(SourceStatus.LOGIN_REFUSED);
    assertThat(state().lastError()).isEqualTo(refused.lastError());
    // the stop is logged once, at WARN, with the explanation; the pipeline adds no ERROR
    assertThat(logged(Level.WARN, "the server refused the login of dmarc")).isEqualTo(1);
    assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.ERROR);
  }

  @Test
  void serve_resumed_logsInOnceMore_andReadsOnceThePasswordIsRight() throws Exception {
    user.deliver(ReportMail.wholeBody("Report R-1", ReportFixtures.report("R-1", 1, 1)));
    run(settings(proxy.port(), WRONG));
    waitForState(s -> s.status() == SourceStatus.LOGIN_REFUSED);
    assertThat(supervisor.resume("no-such-source")).isFalse();

    // still wrong: exactly one more login, and it waits again
    assertThat(supervisor.resume(ID)).isTrue();
    waitFor(() -> logins() == 2);
    waitForState(s -> s.status() == SourceStatus.LOGIN_REFUSED);
    assertThat(logins()).isEqualTo(2);
    assertThat(logged(Level.WARN, "the server refused the login of dmarc")).isEqualTo(2);

    // the mailbox's password is set to what the configuration holds: resumed, it reads the mail
    user.setPassword(WRONG);
    assertThat(supervisor.resume(ID)).isTrue();
    waitFor(() -> store.totals().reports() == 1);
    waitForState(s -> s.status() == SourceStatus.IDLE && s.reportsStored() == 1);
    assertThat(supervisor.resume(ID)).as("an idle source is not waiting").isFalse();
  }

  @Test
  void serve_changedDefinition_logsInAgain() throws Exception {
    user.deliver(ReportMail.wholeBody("Report R-2", ReportFixtures.report("R-2", 1, 1)));
    run(settings(proxy.port(), WRONG));
    waitForState(s -> s.status() == SourceStatus.LOGIN_REFUSED);
    assertThat(logins()).isEqualTo(1);

    run(settings(proxy.port(), "secret")); // as saving the account under Settings does

    waitFor(() -> store.totals().reports() == 1);
    waitForState(s -> s.status() == SourceStatus.IDLE && s.reportsStored() == 1);
  }

  @Test
  void serve_serverNotReachable_stillReconnectsWithBackoff() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    run(settings(closed, WRONG));

    SourceState reconnecting =
        waitForState(s -> s.status() == SourceStatus.RECONNECTING && s.lastError() != null);
    assertThat(reconnecting.lastError()).doesNotContain("Not logging in again");
    assertThat(supervisor.resume(ID)).as("not waiting after a refused login").isFalse();
  }
}
