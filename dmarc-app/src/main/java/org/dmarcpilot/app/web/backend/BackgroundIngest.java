// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.StoreEngine;
import org.dmarcpilot.app.web.sources.FolderRoots;
import org.dmarcpilot.app.web.sources.ManagedSources;
import org.dmarcpilot.app.web.sources.SqlSourceStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion {@code serve} runs in the background: an {@link IngestSupervisor} that runs the
 * sources of the configuration from the start and those managed under Settings as they come and go,
 * each run reporting to the metrics registry and refreshing the dashboard after reports were
 * stored; the registry also counts the sources by status ({@code
 * dmarcpilot_ingest_sources{status="login_refused"}} is a mailbox that needs attention). {@link
 * #close()} stops every source.
 *
 * <p>On PostgreSQL, which several {@code serve} processes may share, the sources managed under
 * Settings are read again every {@link #RECONCILE_INTERVAL} and changes made by another process
 * applied ({@link ManagedSources#reconcile()}). On DuckDB, which one process holds, every change is
 * made here and applied at once, so no pass runs.
 */
public final class BackgroundIngest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundIngest.class);

  private final IngestSupervisor supervisor;
  private final ReportStore store;
  private final Clock clock;
  private @Nullable ManagedSources managed;
  private @Nullable AutoCloseable following;

  /**
   * How often the sources managed under Settings are read again from a database several processes
   * share: a change made in another process is applied here within about this long.
   */
  public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(15);

  private BackgroundIngest(IngestSupervisor supervisor, ReportStore store, Clock clock) {
    this.supervisor = supervisor;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Starts the supervisor with the sources of the configuration.
   *
   * @param configured the watched folders and mailbox of the configuration (read-only)
   * @param afterProgress called after reports were stored (the web refreshes its rollup)
   */
  public static BackgroundIngest start(
      ReportStore store,
      List<SourceDefinition> configured,
      IngestOptions options,
      MeterRegistry metrics,
      Runnable afterProgress,
      Clock clock) {
    Objects.requireNonNull(store, "store");
    IngestSupervisor supervisor =
        new IngestSupervisor(store, options, () -> listener(metrics, afterProgress), clock);
    for (SourceStatus status : SourceStatus.values()) {
      Gauge.builder(
              "dmarcpilot.ingest.sources",
              supervisor,
              s -> s.states().stream().filter(x -> x.status() == status).count())
          .description("background sources by status; login_refused: the server refused the login")
          .tag("status", status.label())
          .strongReference(true)
          .register(metrics);
    }
    for (SourceDefinition d : configured) {
      supervisor.start(d);
    }
    return new BackgroundIngest(supervisor, store, clock);
  }

  /** The supervisor, for the sources managed under Settings. */
  public IngestSupervisor supervisor() {
    return supervisor;
  }

  /**
   * The sources managed under Settings, stored in the store's database, their IMAP passwords sealed
   * by {@code box}, their folders inside {@code roots}, followed every {@link #RECONCILE_INTERVAL}
   * on PostgreSQL. Call {@link ManagedSources#startStored()} to run the stored ones.
   */
  public ManagedSources managed(SecretBox box, FolderRoots roots) {
    return managed(box, roots, RECONCILE_INTERVAL);
  }

  /**
   * The sources managed under Settings, read again from the database every {@code
   * reconcileInterval} when the store is on PostgreSQL (other processes may change them there),
   * until {@link #close()}. Called once.
   *
   * @throws IllegalStateException when called before
   */
  public synchronized ManagedSources managed(
      SecretBox box, FolderRoots roots, Duration reconcileInterval) {
    Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    if (managed != null) {
      throw new IllegalStateException("the managed sources are open already");
    }
    ManagedSources m =
        new ManagedSources(
            new SqlSourceStore(StoreBackend.database(store), clock),
            box,
            supervisor,
            ManagedSources.TEST_TIMEOUT,
            roots);
    managed = m;
    if (store.engine() == StoreEngine.POSTGRESQL) {
      following = m.follow(reconcileInterval);
    }
    return m;
  }

  /**
   * Counters in the metrics (reports stored, duplicates, records, rejected inputs; the time of the
   * last progress) and the refresh after reports were stored.
   */
  static IngestListener listener(MeterRegistry metrics, Runnable afterProgress) {
    Counter stored =
        Counter.builder("dmarcpilot.ingest.reports.stored")
            .description("reports stored")
            .register(metrics);
    Counter duplicates =
        Counter.builder("dmarcpilot.ingest.reports.duplicate")
            .description("reports stored before, skipped")
            .register(metrics);
    Counter records =
        Counter.builder("dmarcpilot.ingest.records")
            .description("records stored")
            .register(metrics);
    Counter rejected =
        Counter.builder("dmarcpilot.ingest.rejected")
            .description("inputs that held no readable report")
            .register(metrics);
    Timer runs =
        Timer.builder("dmarcpilot.ingest.run")
            .description("time from the start of an ingest run to its latest progress")
            .register(metrics);
    return new IngestListener() {
      private long lastStored;
      private long lastDuplicates;
      private long lastRecords;

      @Override
      public synchronized void progress(IngestProgress p) {
        stored.increment(Math.max(0, p.reportsStored() - lastStored));
        duplicates.increment(Math.max(0, p.duplicates() - lastDuplicates));
        records.increment(Math.max(0, p.records() - lastRecords));
        boolean more = p.reportsStored() > lastStored;
        lastStored = Math.max(lastStored, p.reportsStored());
        lastDuplicates = Math.max(lastDuplicates, p.duplicates());
        lastRecords = Math.max(lastRecords, p.records());
        if (p.sourcesDone()) {
          runs.record(p.elapsed());
        }
        if (more) {
          afterProgress.run();
        }
      }

      @Override
      public void rejected(String input, String reason) {
        rejected.increment();
        LOG.warn("rejected {}: {}", input, reason);
      }
    };
  }

  /** Stops following the stored sources, then every source. */
  @Override
  public void close() {
    AutoCloseable f;
    synchronized (this) {
      f = following;
      following = null;
    }
    if (f != null) {
      try {
        f.close();
      } catch (Exception e) {
        LOG.warn("stopping the ingestion sources' reconcile: {}", e.toString());
      }
    }
    supervisor.close();
  }
}
