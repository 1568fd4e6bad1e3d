// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an idling IMAP source waits, against GreenMail: a message that arrives while the source
 * reads, moves, or starts to wait is read at once, not after the poll interval; a stop ends the
 * wait at once; without IDLE the source looks again after the poll interval. The poll interval is
 * ten minutes where the test is about not waiting for it, so that only the source's own reaction
 * can pass it.
 */
class ImapWaitIT {
  private static final Duration LONG_POLL = Duration.ofMinutes(10);

  @TempDir Path dir;
  TestMailbox mail;
  ReportStore store;

  @BeforeEach
  void start() {
    mail = TestMailbox.start();
    store = ReportStores.open(StoreConfig.inDataDir(dir));
  }

  @AfterEach
  void stop() {
    store.close();
    mail.close();
  }

  private ImapSettings settings(int port, ImapSettings.AfterCommit after, Duration poll) {
    ImapSettings s = mail.settings(poll);
    return new ImapSettings(
        s.host(),
        port,
        s.security(),
        s.user(),
        s.password(),
        s.folder(),
        s.doneFolder(),
        s.failedFolder(),
        after,
        true,
        poll,
        "",
        5);
  }

  static jakarta.mail.internet.MimeMessage report(String id) throws Exception {
    return ReportMail.wholeBody(id, ImapInputSourceIT.xml(id, 1));
  }

  /** The store, which has report "second" delivered right after its first commit. */
  private ReportStore deliveringSecondAfterFirstCommit() {
    AtomicInteger batches = new AtomicInteger();
    return ImapInputSourceIT.afterEachCommit(
        store,
        (StoreBatch b) -> {
          if (batches.getAndIncrement() == 0) {
            try {
              mail.deliver(report("second"));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }

  /** Runs the source on a thread of its own; the result is set when it returns. */
  private static Thread run(
      ReportStore target, ImapInputSource source, AtomicReference<IngestSummary> result) {
    return PipelineThreads.start(target, source, 1 << 20, result);
  }

  /**
   * The second report arrives right after the first one's transaction commits: before the source
   * marks the first one handled and goes back to waiting, so the server announces it during that
   * step or in its answer to the IDLE command, not while the IDLE runs. The source reads it at
   * once. (It used to lie in the folder until the IDLE was renewed, after the poll interval: five
   * minutes by default.) FLAG mode, as GreenMail miscounts a folder when a message arrives while
   * another is moved out of it: it announces the new size before the removal.
   */
  @Test
  void messageArrivingBeforeTheIdleStarts_isReadAtOnce_notAfterThePollInterval() throws Exception {
    mail.deliver(report("first"));
    ReportStore delivering = deliveringSecondAfterFirstCommit();
    ImapInputSource source =
        new ImapInputSource(
            settings(mail.port(), ImapSettings.AfterCommit.FLAG, LONG_POLL), 1 << 20);
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread t = run(delivering, source, result);
    try {
      waitFor(Duration.ofSeconds(30), () -> store.totals().reports() == 2);
    } finally {
      source.stop();
      t.join(30_000);
    }
    assertThat(t.isAlive()).isFalse();
    assertThat(result.get().reportsStored()).isEqualTo(2);
  }

  /**
   * The second report arrives right after the first one's transaction commits, in MOVE mode: while
   * the first is moved out. GreenMail then answers the move with the folder's new size before the
   * removal, so the source's connection counts one message too few and is never told of the second
   * one. The source selects the folder afresh when the poll interval (here two seconds) passes
   * without news, and reads it then. (It used to stay unread until the connection dropped or more
   * mail came; that is how this class's neighbour once failed.)
   */
  @Test
  void messageArrivingWhileAnotherIsMovedOut_isReadAfterThePollIntervalAtTheLatest()
      throws Exception {
    mail.deliver(report("first"));
    ReportStore delivering = deliveringSecondAfterFirstCommit();
    ImapInputSource source =
        new ImapInputSource(
            settings(mail.port(), ImapSettings.AfterCommit.MOVE, Duration.ofSeconds(2)), 1 << 20);
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread t = run(delivering, source, result);
    try {
      waitFor(Duration.ofSeconds(30), () -> store.totals().reports() == 2);
    } finally {
      source.stop();
      t.join(30_000);
    }
    assertThat(t.isAlive()).isFalse();
    assertThat(result.get().reportsStored()).isEqualTo(2);
    mail.awaitFolders(Duration.ofSeconds(10), List.of("first", "second"), List.of());
  }

  /**
   * A stop that comes as the source starts to wait (before its IDLE has begun) ends the source at
   * once, not when the IDLE is renewed after the poll interval.
   */
  @Test
  void stopAsTheSourceStartsToWait_endsItAtOnce() throws Exception {
    mail.deliver(report("first"));
    AtomicReference<ImapInputSource> self = new AtomicReference<>();
    ImapInputSource source =
        new ImapInputSource(
            settings(mail.port(), ImapSettings.AfterCommit.MOVE, LONG_POLL),
            1 << 20,
            new SourceEvents() {
              @Override
              public void waiting() {
                self.get().stop();
              }
            });
    self.set(source);
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread t = run(store, source, result);
    t.join(30_000);

    assertThat(t.isAlive()).as("still waiting after 30 s").isFalse();
    assertThat(result.get().reportsStored()).isEqualTo(1);
  }

  /**
   * Without IDLE (the proxy hides it and refuses the command) the source looks at the folder again
   * after the poll interval, and a stop ends its wait at once.
   */
  @Test
  void withoutIdle_looksAgainAfterThePollInterval() throws Exception {
    try (CapabilityProxy proxy =
        new CapabilityProxy(mail.port(), Set.of(CapabilityProxy.Extension.IDLE))) {
      mail.deliver(report("first"));
      CountDownLatch waiting = new CountDownLatch(1);
      ImapInputSource source =
          new ImapInputSource(
              settings(proxy.port(), ImapSettings.AfterCommit.MOVE, Duration.ofSeconds(1)),
              1 << 20,
              new SourceEvents() {
                @Override
                public void waiting() {
                  waiting.countDown();
                }
              });
      AtomicReference<IngestSummary> result = new AtomicReference<>();
      Thread t = run(store, source, result);
      try {
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        mail.deliver(report("second"));
        waitFor(() -> store.totals().reports() == 2);
      } finally {
        source.stop();
        t.join(30_000);
      }
      assertThat(t.isAlive()).isFalse();
      assertThat(result.get().reportsStored()).isEqualTo(2);
      assertThat(proxy.commands()).doesNotContain("IDLE", "IDLE (refused)");
      mail.awaitFolders(Duration.ofSeconds(10), List.of("first", "second"), List.of());
    }
  }
}
