// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.InputParser;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.ingest.TestMailbox;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreTotals;
import org.dmarcpilot.app.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two supervisors (two {@code serve} processes, each with a pool of its own on one PostgreSQL
 * database) and one IMAP mailbox (GreenMail). Process A runs the mailbox; the server ends A's lease
 * session while A holds messages it has read but not finished; process B takes the lease and
 * handles the mailbox. A must not commit or move anything after the break: it finds the lease gone
 * when it asks before its next commit (or before moving a message it committed before the break),
 * stops the source and stands by. Every message ends in the done folder once, none in the failed
 * folder, and the stored totals are exact.
 *
 * <p>A's lease interval is long, so its periodic lease check never runs during a test: only the
 * check before a commit or a move can notice the break. Each test pauses A at one point (while
 * parsing a message, or right after a commit) by a hook, breaks the lease while A waits there, lets
 * B finish the mailbox, and only then lets A go on: no sleep decides the order.
 */
class IngestSupervisorLeaseImapIT {
  private static final String ID = "settings-7";
  private static final Duration SLOW = Duration.ofMinutes(10);
  private static final Duration FAST = Duration.ofMillis(200);
  private static final Duration MAILBOX_WAIT = Duration.ofSeconds(30);
  private static final List<String> ALL = List.of("m1", "m2", "m3", "m4", "m5", "m6");

  private TestPostgres db;
  private TestMailbox mailbox;
  private ReportStore storeA;
  private ReportStore storeB;
  private IngestSupervisor a;
  private IngestSupervisor b;

  /** A's parse calls, and the one that waits for {@link #release} (0: none). */
  private final AtomicInteger parses = new AtomicInteger();

  private volatile int pauseParse;

  /** A's committed transactions, and the one after whose commit A waits (0: none). */
  private final AtomicInteger commitsA = new AtomicInteger();

  private volatile int pauseAfterCommit;
  private final List<StoreBatch> batchesA = new CopyOnWriteArrayList<>();
  private final CountDownLatch paused = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    db = TestPostgres.create("dmarcpilot_h34_lease_imap");
    mailbox = TestMailbox.start();
    storeA = ReportStores.open(db.config());
    storeB = ReportStores.open(db.config());
    IngestOptions options = IngestOptions.defaults().withParserThreads(1);
    a =
        new IngestSupervisor(
            pausingAfterCommit(storeA),
            options,
            () -> IngestListener.NONE,
            Clock.systemUTC(),
            storeA.leases(),
            SLOW,
            () -> pausingParser(CoreReportParser.of(options)));
    b =
        new IngestSupervisor(
            storeB, options, () -> IngestListener.NONE, Clock.systemUTC(), storeB.leases(), FAST);
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (storeA != null) {
      storeA.close();
      storeB.close();
    }
    if (mailbox != null) {
      mailbox.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void leaseBreaksWhileReading_holderCommitsNothingMore_eachMessageDoneOnce() throws Exception {
    startA();
    pauseParse = 2; // m2: read, not committed
    deliver("m2", "m3", "m4", "m5", "m6");
    assertThat(paused.await(30, TimeUnit.SECONDS)).as("A reads m2").isTrue();
    int before = commitsA.get();
    assertThat(before).isEqualTo(1);

    breakAsLeaseAndLetBFinish();

    release.countDown();
    waitFor(() -> status(a) == SourceStatus.STANDBY || commitsA.get() > before);
    assertThat(commitsA.get()).as("transactions A committed after its lease broke").isEqualTo(1);
    assertThat(a.state(ID).orElseThrow().lastError()).contains("lease on this source was lost");
    assertMailboxAndTotalsExact();
    waitFor(() -> b.state(ID).orElseThrow().reportsStored() == 5);
    assertThat(b.state(ID).orElseThrow().duplicates()).isZero();
    assertThat(a.state(ID).orElseThrow().reportsStored()).isEqualTo(1);
    assertThat(a.state(ID).orElseThrow().duplicates()).isZero();
  }

  @Test
  void leaseBreaksBetweenCommitAndMove_holderMovesNothing_theNextHolderMovesIt() throws Exception {
    startA();
    pauseAfterCommit = 2; // m2 (and whatever came with it) committed, not yet moved
    deliver("m2", "m3", "m4", "m5", "m6");
    assertThat(paused.await(30, TimeUnit.SECONDS)).as("A commits m2").isTrue();
    int committedByA = 1 + batchesA.get(1).inputs().size();

    // B finds what A committed and did not move as duplicates, and moves it
    breakAsLeaseAndLetBFinish();

    release.countDown();
    waitFor(
        () -> status(a) == SourceStatus.STANDBY || a.state(ID).orElseThrow().lastError() != null);
    assertThat(a.state(ID).orElseThrow().lastError()).contains("lease on this source was lost");
    assertThat(commitsA.get()).as("transactions A committed").isEqualTo(2);
    assertMailboxAndTotalsExact();
    waitFor(
        () ->
            b.state(ID).orElseThrow().reportsStored() + b.state(ID).orElseThrow().duplicates()
                == 5);
    assertThat(b.state(ID).orElseThrow().duplicates()).isEqualTo(committedByA - 1);
  }

  /**
   * A mailbox whose password the server refuses: A, which took the lease and was refused, keeps the
   * lease while it waits, so B does not try the same login (each refused login counts towards the
   * provider's lockout); once A lets the source go, B takes it over and is refused once itself.
   */
  @Test
  void refusedLogin_holderKeepsTheLease_theOtherDoesNotLogIn() throws Exception {
    ImapSettings ok = mailbox.settings(Duration.ofSeconds(2));
    ImapSettings wrong =
        new ImapSettings(
            ok.host(),
            ok.port(),
            ok.security(),
            ok.user(),
            "not-the-password",
            ok.folder(),
            ok.doneFolder(),
            ok.failedFolder(),
            ok.afterCommit(),
            true,
            ok.pollInterval(),
            "",
            Integer.MAX_VALUE);
    SourceDefinition d =
        SourceDefinition.mailbox(ID, "reports", wrong, SourceDefinition.Origin.SETTINGS);
    a.start(d);
    waitFor(() -> status(a) == SourceStatus.LOGIN_REFUSED);
    b.start(d);
    waitFor(() -> status(b) == SourceStatus.STANDBY);

    Thread.sleep(FAST.toMillis() * 10); // ten of B's tries to take the lease
    assertThat(status(b)).isEqualTo(SourceStatus.STANDBY);
    assertThat(b.state(ID).orElseThrow().lastError()).isNull();
    assertThat(status(a)).isEqualTo(SourceStatus.LOGIN_REFUSED);

    a.remove(ID);
    waitFor(() -> status(b) == SourceStatus.LOGIN_REFUSED);
  }

  /** A runs the mailbox and handles m1 (committed, moved); B stands by. */
  private void startA() throws Exception {
    deliver("m1");
    a.start(source());
    mailbox.awaitFolders(MAILBOX_WAIT, List.of("m1"), List.of());
    waitFor(() -> status(a) == SourceStatus.IDLE);
    b.start(source());
    waitFor(() -> status(b) == SourceStatus.STANDBY);
  }

  /** Ends A's lease session; B takes the lease and handles every message still in INBOX. */
  private void breakAsLeaseAndLetBFinish() throws Exception {
    assertThat(terminateLeaseSessions()).as("lease sessions ended").isEqualTo(1);
    mailbox.awaitFolders(MAILBOX_WAIT, ALL, List.of());
    waitFor(() -> storeB.totals().reports() == ALL.size());
    assertThat(status(a)).as("A, waiting at the hook").isNotEqualTo(SourceStatus.STANDBY);
  }

  private void assertMailboxAndTotalsExact() throws Exception {
    waitFor(() -> status(a) == SourceStatus.STANDBY);
    mailbox.awaitFolders(MAILBOX_WAIT, ALL, List.of());
    StoreTotals t = storeA.totals();
    assertThat(t.reports()).isEqualTo(ALL.size());
    assertThat(t.records()).isEqualTo(ALL.size());
    assertThat(t.failures()).as("ingest failures").isZero();
    assertThat(status(b)).isIn(SourceStatus.IDLE, SourceStatus.RUNNING);
  }

  private SourceDefinition source() {
    ImapSettings s = mailbox.settings(Duration.ofSeconds(2));
    return SourceDefinition.mailbox(ID, "reports", s, SourceDefinition.Origin.SETTINGS);
  }

  private void deliver(String... subjects) throws MessagingException {
    for (String s : subjects) {
      MimeMessage m = ReportMail.wholeBody(s, IngestSupervisorTest.xml(s));
      mailbox.deliver(m);
    }
  }

  private static SourceStatus status(IngestSupervisor s) {
    return s.state(ID).orElseThrow().status();
  }

  /** A's parser: the {@link #pauseParse}-th parse waits for {@link #release}. */
  private InputParser pausingParser(InputParser real) {
    return (in, name, sink) -> {
      if (parses.incrementAndGet() == pauseParse) {
        await();
      }
      real.parse(in, name, sink);
    };
  }

  /** A's store: after the {@link #pauseAfterCommit}-th commit it waits for {@link #release}. */
  private ReportStore pausingAfterCommit(ReportStore real) {
    return (ReportStore)
        Proxy.newProxyInstance(
            ReportStore.class.getClassLoader(),
            new Class<?>[] {ReportStore.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("storeBatch")) {
                batchesA.add((StoreBatch) args[0]);
                if (commitsA.incrementAndGet() == pauseAfterCommit) {
                  await();
                }
              }
              return result;
            });
  }

  private void await() {
    paused.countDown();
    try {
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released A");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the test's hook", e);
    }
  }

  /** Ends the sessions holding a lease (a dropped connection, a restarted server). */
  private int terminateLeaseSessions() throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid, 10000))"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND a.datname = current_database()"
                    + " AND a.application_name = 'dmarcpilot source lease'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
