// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.InputParser;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.SourceLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each ingestion source on a thread of its own and keeps its state. {@link #start} starts a
 * source (or restarts it with a changed definition), {@link #disable} stops it and keeps it listed
 * as stopped, {@link #remove} stops and forgets it; none of them restarts the others. A source
 * whose run ends with an error (the store failed, a mailbox gave up reconnecting) is started again
 * after a backoff that grows from {@value #FIRST_RETRY_SECONDS} s to {@value #MAX_RETRY_SECONDS} s.
 * A mailbox whose login the server refused is not: it goes to {@link SourceStatus#LOGIN_REFUSED}
 * and logs in again only when {@link #resume resumed} or started with a new definition, as every
 * refused login counts towards the provider's lockout (Microsoft 365 smart lockout, Gmail,
 * Dovecot's auth penalty, fail2ban).
 *
 * <p>A source runs only in the process that holds its lease ({@link SourceLeases}): processes
 * sharing a PostgreSQL store run each source once between them. The others show it as {@link
 * SourceStatus#STANDBY} and try to take the lease every lease interval, so that a source whose
 * process stopped or died is taken over; a runner whose lease breaks (its connection to the
 * database dropped) stops the source and goes back to taking the lease. A running source confirms
 * its lease before each transaction it commits and before each message it moves (a {@link
 * org.dmarcpilot.app.ingest.CommitGuard}), so that once another process may have taken the source
 * over, this one commits and moves nothing more; an idle source finds out within a lease interval.
 * Stopping, disabling, changing or removing a source releases its lease.
 *
 * <p>Stopping asks the source to end (the IMAP IDLE or the folder wait is cut short, the connection
 * closed), waits up to {@link #STOP_GRACE} for the work in hand to be committed, then interrupts
 * the thread and waits up to {@link #STOP_WAIT} in all.
 */
public final class IngestSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSupervisor.class);

  /** The first wait before a failed source is started again. */
  static final long FIRST_RETRY_SECONDS = 5;

  /** The longest wait before a failed source is started again. */
  static final long MAX_RETRY_SECONDS = 300;

  /**
   * How often a process that does not hold a source's lease tries to take it, and a process that
   * holds it checks it still does (besides the check before each commit and each move): a source
   * whose process stopped or died is taken over by another within about this long (plus, for a
   * process that vanished without closing its connection, the time the database server needs to
   * notice).
   */
  public static final Duration LEASE_INTERVAL = Duration.ofSeconds(15);

  /** How long a stopping source may finish its work before its thread is interrupted. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(3);

  /** How long stopping waits for the thread at most. */
  public static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final ReportStore store;
  private final IngestOptions options;
  private final Supplier<IngestListener> listeners;
  private final Clock clock;
  private final SourceLeases leases;
  private final Duration leaseInterval;
  private final Supplier<InputParser> parsers;
  private final ScheduledExecutorService checks;
  private final Map<String, SourceRunner> runners = new LinkedHashMap<>();
  private boolean closed;

  /**
   * A supervisor that leases each source from the store ({@link ReportStore#leases()}) and tries to
   * take a lease every {@link #LEASE_INTERVAL}.
   *
   * @param store where reports go
   * @param options the ingest options of every source
   * @param listeners a listener for each run of a source (metrics, a refresh of the dashboard)
   * @param clock the time source of the states
   */
  public IngestSupervisor(
      ReportStore store, IngestOptions options, Supplier<IngestListener> listeners, Clock clock) {
    this(store, options, listeners, clock, store.leases(), LEASE_INTERVAL);
  }

  /**
   * A supervisor with its own leases and lease interval.
   *
   * @param leases who may run which source (one process per source among those sharing a store)
   * @param leaseInterval how often a lease is tried while another process holds it, and checked
   *     while it is held
   */
  public IngestSupervisor(
      ReportStore store,
      IngestOptions options,
      Supplier<IngestListener> listeners,
      Clock clock,
      SourceLeases leases,
      Duration leaseInterval) {
    this(
        store,
        options,
        listeners,
        clock,
        leases,
        leaseInterval,
        () -> CoreReportParser.of(options));
  }

  /** As above, with the parser of each run (tests pause a run in it). */
  IngestSupervisor(
      ReportStore store,
      IngestOptions options,
      Supplier<IngestListener> listeners,
      Clock clock,
      SourceLeases leases,
      Duration leaseInterval,
      Supplier<InputParser> parsers) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.leaseInterval = Objects.requireNonNull(leaseInterval, "leaseInterval");
    this.parsers = Objects.requireNonNull(parsers, "parsers");
    if (leaseInterval.isNegative() || leaseInterval.isZero()) {
      throw new IllegalArgumentException("the lease interval must be positive: " + leaseInterval);
    }
    this.checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dmarcpilot-source-leases");
              t.setDaemon(true);
              return t;
            });
  }

  private SourceRunner runner(SourceDefinition definition) {
    return new SourceRunner(
        definition, store, options, parsers, listeners, clock, leases, leaseInterval, checks);
  }

  /**
   * Starts the source; a source with the same id is stopped first (its definition changed).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void start(SourceDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    SourceRunner old;
    SourceRunner fresh = runner(definition);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the supervisor is closed");
      }
      old = runners.put(definition.id(), fresh);
    }
    if (old != null) {
      old.stop(STOP_GRACE, STOP_WAIT);
    }
    LOG.info(
        "starting ingest from {} {}", definition.target().kind(), definition.target().describe());
    fresh.start();
  }

  /** Stops the source (if running) and keeps it listed as stopped under this definition. */
  public void disable(SourceDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    SourceRunner old;
    synchronized (this) {
      old = runners.put(definition.id(), runner(definition));
    }
    if (old != null) {
      old.stop(STOP_GRACE, STOP_WAIT);
    }
  }

  /**
   * Stops the source (if running) and keeps it listed as stopped with the reason it cannot run (a
   * password that does not open, say).
   */
  public void unavailable(SourceDefinition definition, String error) {
    Objects.requireNonNull(error, "error");
    SourceRunner fresh = runner(definition);
    fresh.cannotStart(error);
    SourceRunner old;
    synchronized (this) {
      old = runners.put(definition.id(), fresh);
    }
    if (old != null) {
      old.stop(STOP_GRACE, STOP_WAIT);
    }
  }

  /**
   * Lets a source that stopped after a refused login ({@link SourceStatus#LOGIN_REFUSED}) log in
   * again, once: when the server refuses it again, the source waits again. Its counts and lease are
   * kept.
   *
   * @return whether the source was waiting after a refused login (false for an unknown source or
   *     one in any other status: nothing is done then)
   */
  public boolean resume(String id) {
    SourceRunner r;
    synchronized (this) {
      r = runners.get(id);
    }
    if (r == null || !r.resume()) {
      return false;
    }
    LOG.info(
        "ingest from {}: logging in again, as asked", r.state().definition().target().describe());
    return true;
  }

  /**
   * Stops the source and forgets it.
   *
   * @return whether it was known
   */
  public boolean remove(String id) {
    SourceRunner old;
    synchronized (this) {
      old = runners.remove(id);
    }
    if (old != null) {
      old.stop(STOP_GRACE, STOP_WAIT);
    }
    return old != null;
  }

  /** Every source's state: configuration sources first, then by name. */
  public List<SourceState> states() {
    List<SourceRunner> all;
    synchronized (this) {
      all = new ArrayList<>(runners.values());
    }
    List<SourceState> out = new ArrayList<>();
    for (SourceRunner r : all) {
      out.add(r.state());
    }
    out.sort(
        Comparator.comparing((SourceState s) -> s.definition().origin())
            .thenComparing(s -> s.definition().name()));
    return out;
  }

  /** One source's state. */
  public Optional<SourceState> state(String id) {
    SourceRunner r;
    synchronized (this) {
      r = runners.get(id);
    }
    return r == null ? Optional.empty() : Optional.of(r.state());
  }

  /** Stops every source. */
  @Override
  public void close() {
    List<SourceRunner> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(runners.values());
    }
    all.forEach(SourceRunner::requestStop);
    for (SourceRunner r : all) {
      r.stop(STOP_GRACE, STOP_WAIT);
    }
    checks.shutdownNow();
  }
}
