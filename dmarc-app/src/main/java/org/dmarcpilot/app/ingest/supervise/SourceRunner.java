// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dmarcpilot.app.ingest.CommitGuard;
import org.dmarcpilot.app.ingest.FolderWatchSource;
import org.dmarcpilot.app.ingest.ImapInputSource;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.ingest.InputParser;
import org.dmarcpilot.app.ingest.InputSource;
import org.dmarcpilot.app.ingest.SourceEvents;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.SourceLeases;
import org.dmarcpilot.app.store.SourceLeases.SourceLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised source: its thread, the source it reads, its lease and its state. The source runs
 * only while this runner holds its lease; while another process holds it, the runner is on {@link
 * SourceStatus#STANDBY} and tries again every lease interval.
 *
 * <p>The lease is checked every lease interval, and also before each transaction the source's
 * pipeline commits and before a mailbox moves a committed message (the run's {@link CommitGuard}):
 * when its connection broke and another process may have taken the source over, this process stops
 * the source before its next commit or move, not up to a lease interval later.
 *
 * <p>A run that ends because the server refused the login ({@link #loginRefused}) is not started
 * again after the backoff: the runner goes to {@link SourceStatus#LOGIN_REFUSED} with the
 * explanation as its last error, logs that once, and waits (keeping the lease, so that no other
 * process tries the same login either) until {@link #resume()}, a stop, or a new definition.
 */
final class SourceRunner implements SourceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);

  private final SourceDefinition definition;
  private final ReportStore store;
  private final IngestOptions options;
  private final Supplier<InputParser> parsers;
  private final Supplier<IngestListener> listeners;
  private final Clock clock;
  private final SourceLeases leases;
  private final Duration leaseInterval;
  private final ScheduledExecutorService checks;
  private final Object wake = new Object();

  private volatile boolean stopping;
  private volatile boolean leaseLost;

  /** The explanation of a login refused during the current run, or null. */
  private volatile @Nullable String refusal;

  /** Whether the source waits for {@link #resume()} after a refused login. */
  private volatile boolean refused;

  private @Nullable String refusedMessage;
  private @Nullable Instant refusedAt;
  private volatile @Nullable Runnable stopSource;
  private @Nullable Thread thread;

  private SourceStatus status = SourceStatus.STOPPED;
  private Instant since;
  private @Nullable Instant lastRun;
  private @Nullable Instant lastInput;
  private @Nullable String lastError;
  private @Nullable Instant lastErrorAt;
  private long baseStored;
  private long baseDuplicates;
  private long baseRejected;
  private @Nullable IngestProgress current;

  SourceRunner(
      SourceDefinition definition,
      ReportStore store,
      IngestOptions options,
      Supplier<InputParser> parsers,
      Supplier<IngestListener> listeners,
      Clock clock,
      SourceLeases leases,
      Duration leaseInterval,
      ScheduledExecutorService checks) {
    this.definition = definition;
    this.store = store;
    this.options = options;
    this.parsers = parsers;
    this.listeners = listeners;
    this.clock = clock;
    this.leases = leases;
    this.leaseInterval = leaseInterval;
    this.checks = checks;
    this.since = clock.instant();
  }

  synchronized void start() {
    Thread t = new Thread(this::loop, "dmarcpilot-source-" + definition.id());
    t.setDaemon(true);
    thread = t;
    status(SourceStatus.STARTING);
    t.start();
  }

  /** Takes the lease, runs the source while it is held, and waits while another process runs it. */
  private void loop() {
    String key = definition.leaseKey();
    while (!stopping) {
      Optional<SourceLease> lease;
      try {
        lease = leases.tryAcquire(key);
      } catch (RuntimeException e) {
        LOG.warn("ingest from {}: {}", definition.target().describe(), e.getMessage());
        retrying(
            "cannot take the lease on this source: "
                + e.getMessage()
                + "; trying again in "
                + leaseInterval.toSeconds()
                + " s");
        if (!pause(leaseInterval)) {
          break;
        }
        continue;
      }
      if (lease.isEmpty()) {
        standby();
        if (!pause(leaseInterval)) {
          break;
        }
        continue;
      }
      boolean goOn;
      try (SourceLease held = lease.get()) {
        goOn = runLeased(held);
      }
      if (!goOn) {
        break;
      }
    }
    synchronized (this) {
      status(SourceStatus.STOPPED);
    }
  }

  /**
   * Runs the source, again after a backoff when a run fails, until it is stopped or the lease is
   * lost (checked every {@link #leaseInterval} on the supervisor's scheduler, and before each
   * commit and each move by the run's {@link CommitGuard}).
   *
   * @return false when the thread was interrupted
   */
  private boolean runLeased(SourceLease lease) {
    leaseLost = false;
    if (!stopping && !refused) {
      synchronized (this) {
        status(SourceStatus.STARTING);
      }
    }
    CommitGuard guard = () -> confirm(lease);
    long every = leaseInterval.toMillis();
    ScheduledFuture<?> check =
        checks.scheduleWithFixedDelay(
            () -> {
              if (!leaseLost && !lease.held()) {
                loseLease();
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
    try {
      long retry = IngestSupervisor.FIRST_RETRY_SECONDS;
      while (!stopping && !leaseLost) {
        if (refused) {
          if (!awaitResume()) {
            return false;
          }
          retry = IngestSupervisor.FIRST_RETRY_SECONDS;
          continue;
        }
        InputSource source = newSource(guard);
        refusal = null;
        String error;
        try {
          IngestSummary s =
              new IngestPipeline(store, parsers.get(), options, listener(listeners.get()), guard)
                  .run(List.of(source));
          fold(s);
          if (stopping || leaseLost) {
            break;
          }
          String why = refusal;
          if (why != null) {
            needsAttention(source.describe() + ": " + why);
            continue;
          }
          error = s.error() != null ? s.error() : source.describe() + " ended unexpectedly";
        } catch (InterruptedException e) {
          return false;
        } catch (RuntimeException e) {
          LOG.error("ingest from {} failed", source.describe(), e);
          error = source.describe() + ": " + e;
        }
        retrying(error + "; starting again in " + retry + " s");
        LOG.warn("ingest from {} stopped: {}", source.describe(), error);
        if (!pause(Duration.ofSeconds(retry))) {
          return false;
        }
        retry = Math.min(IngestSupervisor.MAX_RETRY_SECONDS, retry * 2);
      }
    } finally {
      check.cancel(false);
    }
    if (leaseLost && !stopping && !refused) { // a refused login keeps its status and error
      retrying(
          "the lease on this source was lost (its database connection broke); stopped the source"
              + " and taking the lease again");
      LOG.warn(
          "ingest from {}: lost the lease, stopped the source", definition.target().describe());
    }
    return true;
  }

  /**
   * The server refused the login: no more logins until someone acts ({@link #awaitResume()}).
   * Logged once, here; the source's own message (which holds no password or token) says what to
   * check.
   */
  private void needsAttention(String explanation) {
    String message = RefusedLogins.message(definition, explanation);
    synchronized (this) {
      refused = true;
      refusedMessage = message;
      refusedAt = clock.instant();
    }
    LOG.warn("ingest from {} stopped: {}", definition.target().describe(), message);
  }

  /**
   * Waits after a refused login, holding the lease, until {@link #resume()}, a stop or a lost
   * lease.
   *
   * @return false when the thread was interrupted
   */
  private boolean awaitResume() {
    synchronized (this) {
      lastError = refusedMessage; // also again after the lease was lost and taken again
      lastErrorAt = refusedAt;
      status(SourceStatus.LOGIN_REFUSED);
    }
    synchronized (wake) {
      while (refused && !stopping && !leaseLost) {
        try {
          wake.wait();
        } catch (InterruptedException e) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Ends the wait after a refused login: the source logs in again (once; a new refusal makes it
   * wait again).
   *
   * @return whether it was waiting after a refused login
   */
  synchronized boolean resume() {
    if (!refused || stopping) {
      return false;
    }
    refused = false;
    status(SourceStatus.STARTING);
    wake();
    return true;
  }

  /**
   * The run's {@link CommitGuard}: whether the lease is still held, asked before a commit or a
   * move. When it is not, the source is stopped as by the periodic check.
   */
  private boolean confirm(SourceLease lease) {
    if (leaseLost) {
      return false;
    }
    if (lease.held()) {
      return true;
    }
    if (!stopping) { // a stopping runner may have released the lease already
      LOG.warn(
          "ingest from {}: the lease is lost; stopping the source before its next commit or move",
          definition.target().describe());
    }
    loseLease();
    return false;
  }

  /** The lease broke: stop the source; the loop goes back to taking the lease. */
  private void loseLease() {
    leaseLost = true;
    Runnable r = stopSource;
    if (r != null) {
      r.run();
    }
    wake();
  }

  /**
   * Waits, cut short by a stop or a lost lease.
   *
   * @return false when the thread was interrupted
   */
  private boolean pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (wake) {
      long left;
      while (!stopping && !leaseLost && (left = until - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(wake, left);
        } catch (InterruptedException e) {
          return false;
        }
      }
    }
    return true;
  }

  private void wake() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private InputSource newSource(CommitGuard guard) {
    if (definition.target() instanceof SourceDefinition.Folder f) {
      // a folder added from the dashboard does not follow links out of it (its files can be
      // downloaded from the failure log by any dashboard user)
      FolderWatchSource w =
          new FolderWatchSource(
              f.path(),
              store,
              f.interval(),
              this,
              definition.origin() == SourceDefinition.Origin.CONFIGURATION);
      stopSource = w::stop;
      if (stopping || leaseLost) {
        w.stop(); // a stop asked for while the source was being made
      }
      return w;
    }
    ImapSettings s = ((SourceDefinition.Mailbox) definition.target()).settings();
    ImapSettings idling = s.withIdle(true);
    ImapInputSource m = new ImapInputSource(idling, options.maxInputBytes(), this, guard);
    stopSource = m::stop;
    if (stopping || leaseLost) {
      m.stop();
    }
    return m;
  }

  /** Counts per run; the shared listener hears everything too. */
  private IngestListener listener(IngestListener shared) {
    return new IngestListener() {
      @Override
      public void progress(IngestProgress p) {
        synchronized (SourceRunner.this) {
          IngestProgress before = current;
          if (before == null || p.inputsDone() > before.inputsDone()) {
            if (p.inputsDone() > 0) {
              lastInput = clock.instant();
            }
          }
          current = p;
        }
        shared.progress(p);
      }

      @Override
      public void rejected(String input, String reason) {
        shared.rejected(input, reason);
      }
    };
  }

  private synchronized void fold(IngestSummary s) {
    baseStored += s.reportsStored();
    baseDuplicates += s.duplicates();
    baseRejected += s.rejected();
    current = null;
  }

  @Override
  public synchronized void reading() {
    status(SourceStatus.RUNNING);
  }

  @Override
  public synchronized void waiting() {
    lastRun = clock.instant();
    status(SourceStatus.IDLE);
  }

  @Override
  public synchronized void retrying(String error) {
    lastError = error;
    lastErrorAt = clock.instant();
    status(SourceStatus.RECONNECTING);
  }

  @Override
  public void loginRefused(String explanation) {
    refusal = explanation;
  }

  /** Another process holds the lease and runs the source. */
  private synchronized void standby() {
    status(SourceStatus.STANDBY);
  }

  /** Records why the source cannot run; it stays stopped. */
  synchronized void cannotStart(String error) {
    lastError = error;
    lastErrorAt = clock.instant();
    status(SourceStatus.STOPPED);
  }

  private void status(SourceStatus s) {
    if (stopping && s != SourceStatus.STOPPED) {
      s = SourceStatus.STOPPING;
    }
    if (s != status) {
      status = s;
      since = clock.instant();
    }
  }

  synchronized SourceState state() {
    IngestProgress p = current;
    Thread t = thread;
    SourceStatus shown = status;
    if (shown == SourceStatus.IDLE && p != null && p.inputsFound() > p.inputsDone()) {
      shown = SourceStatus.RUNNING; // the last look handed inputs over that are still being stored
    }
    return new SourceState(
        definition,
        shown,
        since,
        lastRun,
        lastInput,
        baseStored + (p == null ? 0 : p.reportsStored()),
        baseDuplicates + (p == null ? 0 : p.duplicates()),
        baseRejected + (p == null ? 0 : p.rejected()),
        lastError,
        lastErrorAt,
        t != null && t.isAlive());
  }

  /** Asks the source to end, without waiting. */
  void requestStop() {
    synchronized (this) {
      stopping = true;
      if (thread != null && thread.isAlive()) {
        status(SourceStatus.STOPPING);
      }
    }
    Runnable r = stopSource;
    if (r != null) {
      r.run();
    }
    wake();
  }

  /** Asks the source to end, interrupts it after {@code grace}, waits up to {@code wait}. */
  void stop(Duration grace, Duration wait) {
    requestStop();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    long until = System.nanoTime() + wait.toNanos();
    try {
      t.join(grace.toMillis());
      if (t.isAlive()) {
        t.interrupt();
        t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("ingest from {} did not stop within {}", definition.target().describe(), wait);
    }
  }
}
