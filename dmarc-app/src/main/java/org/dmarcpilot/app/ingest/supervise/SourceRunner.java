// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.FolderWatchSource;
import org.dmarcpilot.app.ingest.ImapInputSource;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.ingest.InputSource;
import org.dmarcpilot.app.ingest.SourceEvents;
import org.dmarcpilot.app.store.ReportStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One supervised source: its thread, the source it reads, and its state. */
final class SourceRunner implements SourceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);

  private final SourceDefinition definition;
  private final ReportStore store;
  private final IngestOptions options;
  private final Supplier<IngestListener> listeners;
  private final Clock clock;

  private volatile boolean stopping;
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
      Supplier<IngestListener> listeners,
      Clock clock) {
    this.definition = definition;
    this.store = store;
    this.options = options;
    this.listeners = listeners;
    this.clock = clock;
    this.since = clock.instant();
  }

  synchronized void start() {
    Thread t = new Thread(this::loop, "dmarcpilot-source-" + definition.id());
    t.setDaemon(true);
    thread = t;
    status(SourceStatus.STARTING);
    t.start();
  }

  private void loop() {
    long retry = IngestSupervisor.FIRST_RETRY_SECONDS;
    while (!stopping) {
      InputSource source = newSource();
      String error;
      try {
        IngestSummary s =
            new IngestPipeline(
                    store,
                    CoreReportParser.withFailureCopy(options.failureCopyBytes()),
                    options,
                    listener(listeners.get()))
                .run(List.of(source));
        fold(s);
        if (stopping) {
          break;
        }
        error = s.error() != null ? s.error() : source.describe() + " ended unexpectedly";
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("ingest from {} failed", source.describe(), e);
        error = source.describe() + ": " + e;
      }
      retrying(error + "; starting again in " + retry + " s");
      LOG.warn("ingest from {} stopped: {}", source.describe(), error);
      try {
        Thread.sleep(Duration.ofSeconds(retry).toMillis());
      } catch (InterruptedException e) {
        break;
      }
      retry = Math.min(IngestSupervisor.MAX_RETRY_SECONDS, retry * 2);
    }
    synchronized (this) {
      status(SourceStatus.STOPPED);
    }
  }

  private InputSource newSource() {
    if (definition.target() instanceof SourceDefinition.Folder f) {
      FolderWatchSource w = new FolderWatchSource(f.path(), store, f.interval(), this);
      stopSource = w::stop;
      if (stopping) {
        w.stop(); // a stop asked for while the source was being made
      }
      return w;
    }
    ImapSettings s = ((SourceDefinition.Mailbox) definition.target()).settings();
    ImapSettings idling =
        new ImapSettings(
            s.host(),
            s.port(),
            s.security(),
            s.user(),
            s.password(),
            s.folder(),
            s.doneFolder(),
            s.failedFolder(),
            s.afterCommit(),
            true,
            s.pollInterval(),
            s.trustHosts(),
            s.maxReconnects());
    ImapInputSource m = new ImapInputSource(idling, options.maxInputBytes(), this);
    stopSource = m::stop;
    if (stopping) {
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
