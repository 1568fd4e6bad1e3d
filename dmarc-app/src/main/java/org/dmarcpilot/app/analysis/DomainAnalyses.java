// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's analysis service: {@link DomainSnapshot snapshots} of a domain over whole days
 * and its {@link DomainAdvice advice}, computed from the store by {@link DomainAnalyzer} and kept
 * (a bounded number, least recently used dropped) until the domain's data, its marks or the
 * thresholds change. When only the enrichment facts change ({@link #factsChanged}), a kept result
 * is still served while a fresh one is computed in the background, so that pages never wait for a
 * whole new analysis because background enrichment learnt a few PTR names. Two requests for the
 * same snapshot compute it once. {@link #warm} computes in the background what pages will ask for,
 * so that they answer at once. Thread-safe.
 */
public final class DomainAnalyses implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DomainAnalyses.class);

  /** Snapshots kept at most. */
  public static final int MAX_CACHED = 512;

  /** Where rows come from (the store's {@code DomainRows} in the application). */
  @FunctionalInterface
  public interface Rows {
    /** Streams the rows of a domain whose reports begin on a day of {@code [from, to]}. */
    void stream(String domain, LocalDate from, LocalDate to, RowSink sink);
  }

  /** Receives rows. */
  @FunctionalInterface
  public interface RowSink {
    /** One row of a report. */
    void row(
        String reporter,
        java.time.Instant begin,
        java.time.Instant end,
        org.dmarcpilot.report.aggregate.PolicyPublished policy,
        org.dmarcpilot.report.aggregate.ReportRecord row);
  }

  /** What enrichment knows about a domain's addresses in a period. */
  @FunctionalInterface
  public interface Facts {
    /** The known facts of the addresses the domain's rows of {@code [from, to]} come from. */
    Map<InetAddress, IpFacts> of(String domain, LocalDate from, LocalDate to);
  }

  private record Key(String domain, LocalDate from, LocalDate to) {}

  /** A kept result, of a generation of the domain's data and of the facts. */
  private record Entry<T>(T value, long generation, long facts) {}

  /** A computation in progress: of a key, at a generation of the domain's data and the facts. */
  private record Running(Key key, long generation, long facts) {}

  private final Rows rows;
  private final Facts facts;
  private final Function<InetAddress, IpFacts> unknownFacts;
  private final AlignmentEvaluator alignment;
  private final ServiceIdentifier identifier;
  private final OwnerMarkStore marks;
  private final Supplier<AdvisorThresholds> thresholds;
  private final Function<String, @Nullable String> currentRecord;
  private final Clock clock;
  private final int listed;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong factsGeneration = new AtomicLong();
  private final Set<Object> refreshing = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> domainGeneration = new ConcurrentHashMap<>();
  private final Map<Key, Entry<DomainSnapshot>> snapshots =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry<DomainSnapshot>> eldest) {
          return size() > MAX_CACHED;
        }
      };
  private final Map<String, Entry<DomainAdvice>> advice = new ConcurrentHashMap<>();
  private final Map<Running, CompletableFuture<DomainSnapshot>> running = new ConcurrentHashMap<>();
  private final ExecutorService background;

  /**
   * A service.
   *
   * @param rows the rows of a domain
   * @param facts the enrichment facts of a domain's addresses
   * @param unknownFacts facts of an address enrichment does not know (GeoIP only, or nothing)
   * @param alignment recomputes alignment
   * @param identifier names services
   * @param marks the owner's marks
   * @param thresholds the advisor's thresholds (read at each computation)
   * @param currentRecord a domain's current DMARC record, or null (offline, none, not known yet);
   *     asked at every advice request, so it must answer at once ({@link PublishedRecords#text})
   * @param clock today
   * @param listed how many sources a snapshot lists
   */
  public DomainAnalyses(
      Rows rows,
      Facts facts,
      Function<InetAddress, IpFacts> unknownFacts,
      AlignmentEvaluator alignment,
      ServiceIdentifier identifier,
      OwnerMarkStore marks,
      Supplier<AdvisorThresholds> thresholds,
      Function<String, @Nullable String> currentRecord,
      Clock clock,
      int listed) {
    this.rows = Objects.requireNonNull(rows, "rows");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.unknownFacts = Objects.requireNonNull(unknownFacts, "unknownFacts");
    this.alignment = Objects.requireNonNull(alignment, "alignment");
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.marks = Objects.requireNonNull(marks, "marks");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.currentRecord = Objects.requireNonNull(currentRecord, "currentRecord");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listed = listed;
    this.background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "dmarcpilot-analysis");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  /** Today (UTC). */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** The advisor's thresholds now. */
  public AdvisorThresholds thresholds() {
    return thresholds.get();
  }

  /** The first and last day of the advisor's window: the last {@code window} whole days. */
  public LocalDate[] adviceWindow() {
    long days = Math.max(1, thresholds.get().window().toDays());
    LocalDate today = today();
    return new LocalDate[] {today.minusDays(days - 1), today};
  }

  private long generationOf(String domain) {
    return generation.get() + domainGeneration.getOrDefault(domain, 0L);
  }

  /**
   * The snapshot of a domain over {@code [from, to]}, computed now when not kept. A kept snapshot
   * whose facts are older than the newest is returned at once and computed anew in the background.
   */
  public DomainSnapshot snapshot(String domain, LocalDate from, LocalDate to) {
    return snapshot(new Key(domain, from, to), false);
  }

  private DomainSnapshot snapshot(Key key, boolean freshFacts) {
    Entry<DomainSnapshot> kept = kept(key);
    if (kept != null) {
      if (kept.facts() == factsGeneration.get()) {
        return kept.value();
      }
      if (!freshFacts) {
        refreshLater(key, () -> snapshot(key, true));
        return kept.value();
      }
    }
    String domain = key.domain();
    long gen = generationOf(domain);
    long facts = factsGeneration.get();
    Running run = new Running(key, gen, facts);
    CompletableFuture<DomainSnapshot> mine = new CompletableFuture<>();
    CompletableFuture<DomainSnapshot> other = running.putIfAbsent(run, mine);
    if (other != null) {
      return join(other);
    }
    try {
      DomainSnapshot s = compute(key);
      if (generationOf(domain) == gen) {
        synchronized (snapshots) {
          snapshots.put(key, new Entry<>(s, gen, facts));
        }
      }
      mine.complete(s);
      return s;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(run, mine);
    }
  }

  /**
   * The snapshot if it is kept and of the domain's current data (its facts may be older than the
   * newest: then a fresh one is computed in the background).
   */
  public Optional<DomainSnapshot> ifReady(String domain, LocalDate from, LocalDate to) {
    Key key = new Key(domain, from, to);
    Entry<DomainSnapshot> e = kept(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.facts() != factsGeneration.get()) {
      refreshLater(key, () -> snapshot(key, true));
    }
    return Optional.of(e.value());
  }

  private @Nullable Entry<DomainSnapshot> kept(Key key) {
    Entry<DomainSnapshot> e;
    synchronized (snapshots) {
      e = snapshots.get(key);
    }
    return e != null && e.generation() == generationOf(key.domain()) ? e : null;
  }

  /** Runs {@code refresh} once in the background, unless a refresh of {@code what} is queued. */
  private void refreshLater(Object what, Runnable refresh) {
    if (refreshing.add(what)) {
      try {
        background.execute(
            () -> {
              refreshing.remove(what);
              run(refresh, what.toString());
            });
      } catch (RejectedExecutionException e) {
        refreshing.remove(what); // closed
      }
    }
  }

  private static DomainSnapshot join(CompletableFuture<DomainSnapshot> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an analysis", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private DomainSnapshot compute(Key key) {
    long t0 = System.nanoTime();
    Map<InetAddress, IpFacts> known = facts.of(key.domain(), key.from(), key.to());
    DomainAnalyzer analyzer =
        new DomainAnalyzer(
            alignment,
            identifier,
            ip -> {
              IpFacts f = known.get(ip);
              return f != null ? f : unknownFacts.apply(ip);
            },
            marks,
            listed);
    DomainAnalyzer.Run run = analyzer.start(key.domain(), key.from(), key.to());
    rows.stream(key.domain(), key.from(), key.to(), run::add);
    DomainSnapshot s = run.finish();
    LOG.debug(
        "analysed {} {}..{}: {} rows, {} sources in {} ms",
        key.domain(),
        key.from(),
        key.to(),
        s.records(),
        s.sourceCount(),
        (System.nanoTime() - t0) / 1_000_000);
    return s;
  }

  /**
   * The advice for a domain over the advisor's window, computed now when not kept. Kept advice
   * whose facts are older than the newest is returned at once and computed anew in the background.
   */
  public DomainAdvice advice(String domain) {
    Optional<DomainAdvice> ready = adviceIfReady(domain);
    if (ready.isPresent()) {
      return ready.get();
    }
    return computeAdvice(domain);
  }

  /**
   * The advice from the record the current-record function gives now: the kept advice when it
   * started from that record, else computed now (for the live record check, which may wait).
   */
  public DomainAdvice currentAdvice(String domain) {
    Optional<DomainAdvice> ready = adviceIfReady(domain);
    if (ready.isPresent() && Objects.equals(ready.get().publishedRecord(), currentRecord(domain))) {
      return ready.get();
    }
    return computeAdvice(domain);
  }

  private DomainAdvice computeAdvice(String domain) {
    long gen = generationOf(domain);
    long facts = factsGeneration.get();
    LocalDate[] w = adviceWindow();
    AdvisorThresholds t = thresholds.get();
    DomainSnapshot s = snapshot(new Key(domain, w[0], w[1]), true);
    String record = currentRecord(domain);
    Advice a = s.advise(new DeploymentAdvisor(t), record);
    DomainAdvice out = new DomainAdvice(a, w[0], w[1], t, attention(s, t), clock.instant(), record);
    if (generationOf(domain) == gen) {
      advice.put(domain, new Entry<>(out, gen, facts));
    }
    return out;
  }

  private @Nullable String currentRecord(String domain) {
    try {
      return currentRecord.apply(domain);
    } catch (RuntimeException e) {
      LOG.debug("no current record for {}: {}", domain, e.toString());
      return null;
    }
  }

  /**
   * The advice if it is kept, of the domain's current data and of today's window. When its facts
   * are older than the newest, or it started from another published record than the one the
   * current-record function gives now, it is still returned and a fresh one is computed in the
   * background (so that a DNS answer never makes a page wait for an analysis).
   */
  public Optional<DomainAdvice> adviceIfReady(String domain) {
    Entry<DomainAdvice> e = advice.get(domain);
    if (e == null || e.generation() != generationOf(domain)) {
      return Optional.empty();
    }
    LocalDate[] w = adviceWindow();
    DomainAdvice a = e.value();
    if (!(a.to().equals(w[1])
        && a.from().equals(w[0])
        && a.thresholds().equals(thresholds.get()))) {
      return Optional.empty();
    }
    if (e.facts() != factsGeneration.get()
        || !Objects.equals(a.publishedRecord(), currentRecord(domain))) {
      refreshLater("advice:" + domain, () -> computeAdvice(domain));
    }
    return Optional.of(a);
  }

  private static List<DomainAdvice.Attention> attention(DomainSnapshot s, AdvisorThresholds t) {
    AdvisorInputs in = s.advisorInputs();
    List<DomainAdvice.Attention> out = new ArrayList<>();
    long all = in.messages();
    for (Map.Entry<SourceKey, Map<SourceClass, Long>> e : in.sources().entrySet()) {
      Map<SourceClass, Long> v = e.getValue();
      long[] counts = new long[SourceClass.values().length];
      v.forEach((c, n) -> counts[c.ordinal()] = n);
      SourceClass d = SourceTally.dominant(counts);
      long n = v.get(d);
      double share = all == 0 ? 0 : (double) n / all;
      boolean blocks =
          d == SourceClass.YOURS_NOT_ALIGNED
              || d == SourceClass.UNKNOWN && share > t.maxUnknownShare();
      if (blocks) {
        SourceReport r = in.reports().get(e.getKey());
        out.add(
            new DomainAdvice.Attention(
                s.domain(),
                e.getKey(),
                in.label(e.getKey()),
                d,
                n,
                share,
                r == null ? null : r.fix()));
      }
    }
    out.sort(
        Comparator.comparingLong(DomainAdvice.Attention::messages)
            .reversed()
            .thenComparing(a -> a.source().toString()));
    return out;
  }

  /** What a policy would have done to a domain's mail over {@code [from, to]}. */
  public PolicyImpact simulate(String domain, LocalDate from, LocalDate to, TargetPolicy target) {
    return snapshot(domain, from, to).simulate(new PolicySimulator(d -> true), target);
  }

  /** Sets (or clears) the owner's mark on a source; the domain is analysed anew. */
  public void mark(String domain, SourceKey source, @Nullable OwnerMark mark) {
    marks.setMark(domain, source, mark);
    invalidate(List.of(domain));
  }

  /** The owner's mark on a source, or null. */
  public @Nullable OwnerMark markOf(String domain, SourceKey source) {
    return marks.markFor(domain, source);
  }

  /** Forgets what was computed for these domains (their data changed). */
  public void invalidate(Collection<String> domains) {
    for (String d : domains) {
      domainGeneration.merge(d, 1L, Long::sum);
      advice.remove(d);
    }
  }

  /** Forgets everything (thresholds or all data changed). */
  public void invalidateAll() {
    generation.incrementAndGet();
    advice.clear();
  }

  /**
   * The enrichment facts changed (background enrichment looked addresses up): kept results stay in
   * use and are computed anew in the background when next asked for.
   */
  public void factsChanged() {
    factsGeneration.incrementAndGet();
  }

  /**
   * Waits until the background work queued before this call (refreshes, {@link #warm}) is done.
   *
   * @return false if it did not end within {@code timeout} or the service is closed
   */
  public boolean awaitBackground(java.time.Duration timeout) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      background.execute(() -> done.complete(null));
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException | TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Computes in the background what the pages ask for first: the advice of every domain, then each
   * domain's snapshot of {@code [from, to]}. Already current results are skipped.
   */
  public void warm(Collection<String> domains, LocalDate from, LocalDate to) {
    List<String> list = List.copyOf(domains);
    background.execute(
        () -> {
          for (String d : list) {
            run(() -> advice(d), d);
          }
          for (String d : list) {
            run(() -> snapshot(d, from, to), d);
          }
        });
  }

  private static void run(Runnable r, String domain) {
    if (Thread.currentThread().isInterrupted()) {
      return;
    }
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("analysis of {} failed: {}", domain, e.toString());
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
