// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up the source addresses of newly stored reports in the background, on one low-priority
 * thread and off every request path: each run asks the store for addresses received since the last
 * run that have no current facts ({@link StoreIpFactsCache#needingLookup}), enriches them in
 * batches of at most {@code batch} addresses and at most {@code maxPerRun} per run, and tells
 * {@code onNewFacts} when it looked anything up. Runs every {@code interval} and when {@link
 * #nudge() nudged} (after an ingest). A failing run is logged and retried at the next one.
 */
public final class BackgroundEnrichment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundEnrichment.class);

  /** How far back the first run looks. */
  public static final Duration FIRST_LOOK_BACK = Duration.ofDays(400);

  /** How long {@link #close()} waits for a run in progress. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

  /** Overlap between runs, for reports stored while a run was going. */
  static final Duration MARGIN = Duration.ofMinutes(10);

  private final Enrichment enrichment;
  private final StoreIpFactsCache cache;
  private final Runnable onNewFacts;
  private final Clock clock;
  private final int batch;
  private final int maxPerRun;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean queued = new AtomicBoolean();
  private Instant since;
  private long lookedUp;

  /**
   * Enrichment; call {@link #start} to schedule it.
   *
   * @param enrichment looks addresses up and caches the facts
   * @param cache the store's cache, asked for what is missing
   * @param onNewFacts called after a run that looked something up (analyses forget their results)
   * @param clock now
   * @param batch addresses per lookup call
   * @param maxPerRun addresses per run at most
   */
  public BackgroundEnrichment(
      Enrichment enrichment,
      StoreIpFactsCache cache,
      Runnable onNewFacts,
      Clock clock,
      int batch,
      int maxPerRun) {
    this.enrichment = Objects.requireNonNull(enrichment, "enrichment");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.onNewFacts = Objects.requireNonNull(onNewFacts, "onNewFacts");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batch < 1 || maxPerRun < batch) {
      throw new IllegalArgumentException(
          "need 1 <= batch <= maxPerRun: " + batch + ", " + maxPerRun);
    }
    this.batch = batch;
    this.maxPerRun = maxPerRun;
    this.since = clock.instant().minus(FIRST_LOOK_BACK);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dmarcpilot-enrichment");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** Runs at once and then every {@code interval}. */
  public BackgroundEnrichment start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::safeRun, 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Runs soon (new reports were stored); a run already queued is not queued twice. */
  public void nudge() {
    if (queued.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            queued.set(false);
            safeRun();
          });
    }
  }

  /** Addresses looked up so far. */
  public synchronized long lookedUp() {
    return lookedUp;
  }

  private void safeRun() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("background enrichment failed, retrying at the next run: {}", e.toString());
    }
  }

  /**
   * One run: enriches up to {@code maxPerRun} addresses needing it; returns how many were looked
   * up.
   */
  public synchronized int runOnce() {
    Instant started = clock.instant();
    int done = 0;
    boolean drained = false;
    while (done < maxPerRun && !Thread.currentThread().isInterrupted()) {
      List<InetAddress> todo =
          cache.needingLookup(since, clock.instant(), Math.min(batch, maxPerRun - done));
      if (todo.isEmpty()) {
        drained = true;
        break;
      }
      Enrichment.Result r = enrichment.enrich(todo);
      done += todo.size();
      if (r.lookedUp() == 0) {
        // all were cached meanwhile; nothing more to learn in this run
        break;
      }
    }
    if (drained) {
      since = started.minus(MARGIN);
    }
    lookedUp += done;
    if (done > 0) {
      LOG.debug("enriched {} addresses", done);
      onNewFacts.run();
    }
    return done;
  }

  /**
   * Stops; waits a few seconds for a run in progress to end, so that it never outlives the store.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("background enrichment did not stop within {}", CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
