// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreException;
import org.dmarcpilot.app.store.StoreResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest: sources hand over inputs, parser threads (all cores) read and parse them, and one
 * writer (the calling thread) commits them in batches of whole reports. Memory stays flat: at most
 * {@link IngestOptions#maxInFlightRecords()} parsed records wait for the writer, and inputs are
 * read one per parser thread.
 *
 * <p>An input is marked done (and {@link InputUnit#committed} called) in the transaction that
 * stores its reports and logs its failures, so a crash at any point loses no report and doubles
 * none: a rerun finds the committed reports as duplicates and stores the rest.
 *
 * <p>Before each transaction the writer asks the {@link CommitGuard}; when it refuses (another
 * process runs the source now), the pipeline commits nothing more: the batch and everything still
 * on its way are abandoned, and {@link #run} returns with {@link IngestSummary#error()} set.
 */
public final class IngestPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

  /**
   * A write transaction is committed once the originals and failure copies it writes reach this
   * many bytes, whatever its records: 32 MiB. DuckDB holds a transaction's blobs in its buffer
   * pool, and eight failure copies of 10 MiB each in one transaction ran out of its memory limit
   * (the batch, and with it the ingest, failed).
   */
  static final long BATCH_HELD_BYTES = 32L << 20;

  /** Inputs a parser takes from the queue at once. */
  private static final int TAKE = 8;

  /** A parser hands its parsed inputs over once they hold this many records ... */
  private static final int CHUNK_RECORDS = 2_000;

  /** ... or this many inputs ... */
  private static final int CHUNK_INPUTS = 64;

  /** ... or this many bytes of originals and failure copies (see {@link #BATCH_HELD_BYTES}). */
  private static final long CHUNK_HELD_BYTES = 4L << 20;

  private final StoreOpener opener;
  private final InputParser parser;
  private final IngestOptions options;
  private final IngestListener listener;
  private final CommitGuard guard;

  private final AtomicLong found = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final ProblemKinds problems = new ProblemKinds(); // the writer thread's
  private volatile boolean sourcesDone;
  private volatile @Nullable String error;

  /**
   * @param store where reports go
   * @param parser turns inputs into reports
   * @param options threads, batch sizes, bounds
   * @param listener hears progress and rejections
   */
  public IngestPipeline(
      ReportStore store, InputParser parser, IngestOptions options, IngestListener listener) {
    this(opened(store), parser, options, listener, CommitGuard.ALWAYS);
  }

  /**
   * As above, for a source that this process may stop owning while it runs (a leased background
   * source): {@code guard} is asked before each transaction.
   *
   * @param guard whether the pipeline may still commit
   */
  public IngestPipeline(
      ReportStore store,
      InputParser parser,
      IngestOptions options,
      IngestListener listener,
      CommitGuard guard) {
    this(opened(store), parser, options, listener, guard);
  }

  /**
   * As above, with a store that the writer opens while the parser threads already read the first
   * inputs: opening a database (DuckDB's file, the migrations' check) takes a second or two of one
   * core, which the parsers use meanwhile. The caller closes the store it opened.
   *
   * @param opener opens the store; {@link #run} throws what it throws
   */
  public IngestPipeline(
      StoreOpener opener, InputParser parser, IngestOptions options, IngestListener listener) {
    this(opener, parser, options, listener, CommitGuard.ALWAYS);
  }

  private IngestPipeline(
      StoreOpener opener,
      InputParser parser,
      IngestOptions options,
      IngestListener listener,
      CommitGuard guard) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /** Opens the store the pipeline writes to. */
  @FunctionalInterface
  public interface StoreOpener {
    /**
     * Opens the store.
     *
     * @throws StoreException when it cannot be opened
     */
    ReportStore open();
  }

  private static StoreOpener opened(ReportStore store) {
    Objects.requireNonNull(store, "store");
    return () -> store;
  }

  /**
   * Ingests everything the sources produce and returns the summary. Returns early, with {@link
   * IngestSummary#error()} set, when the store fails; inputs not committed by then are left where
   * they were.
   *
   * @throws StoreException when the store cannot be opened (nothing is committed then)
   */
  public IngestSummary run(List<? extends InputSource> sources) throws InterruptedException {
    long t0 = System.nanoTime();
    int threads = options.parserThreads();
    BlockingQueue<Object> inputs = new ArrayBlockingQueue<>(Math.max(64, threads * TAKE * 2));
    BlockingQueue<Chunk> parsed = new ArrayBlockingQueue<>(256);
    Semaphore inFlight = new Semaphore(options.maxInFlightRecords());
    Object noMoreInputs = new Object();
    List<Thread> workers = new ArrayList<>();
    InputReader reader = new InputReader(parser, options);

    Thread producer =
        daemon(
            "ingest-sources",
            () -> {
              try {
                for (InputSource s : sources) {
                  try {
                    s.produce(
                        u -> {
                          found.incrementAndGet();
                          inputs.put(u);
                        });
                  } catch (IOException e) {
                    boolean told = e instanceof LoginRefusedException; // logged by the caller
                    fail("cannot read " + s.describe() + ": " + e.getMessage(), !told);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                sourcesDone = true;
                try {
                  inputs.put(noMoreInputs); // passed on from parser to parser
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    workers.add(producer);
    AtomicInteger parsersLeft = new AtomicInteger(threads);
    for (int t = 0; t < threads; t++) {
      workers.add(
          daemon(
              "ingest-parser-" + t,
              () -> {
                try {
                  parseLoop(
                      reader, inputs, noMoreInputs, parsed, inFlight, options.maxInFlightRecords());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (ParserStopped e) {
                  // this thread held its share of the inputs (and perhaps the end-of-inputs
                  // token): end the ingest with the error rather than wait for it
                  LOG.error("ingest stopped", e.getCause());
                  fail(e.getMessage(), true);
                  try {
                    parsed.put(Chunk.END);
                  } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                  }
                } finally {
                  if (parsersLeft.decrementAndGet() == 0) {
                    try {
                      parsed.put(Chunk.END);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              }));
    }
    Thread ticker =
        daemon(
            "ingest-progress",
            () -> {
              try {
                while (true) {
                  Thread.sleep(1000);
                  listener.progress(progress(t0));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      write(opener.open(), parsed, inFlight);
    } finally {
      ticker.interrupt();
      for (Thread w : workers) {
        w.interrupt();
      }
      drainAbandoned(inputs, parsed);
      listener.progress(progress(t0)); // also when interrupted: what was committed until then
    }
    return new IngestSummary(
        done.get(),
        bytes.get(),
        stored.get(),
        duplicates.get(),
        rejected.get(),
        problems.counts(),
        records.get(),
        messages.get(),
        Duration.ofNanos(System.nanoTime() - t0),
        error);
  }

  /**
   * One parser thread: takes inputs a few at a time, parses them and hands them to the writer in
   * chunks, so that threads wake each other once per chunk rather than once per input. A chunk is
   * handed over early when no input is waiting, so that a slow source (a mailbox) is not held up.
   */
  private static void parseLoop(
      InputReader reader,
      BlockingQueue<Object> inputs,
      Object noMoreInputs,
      BlockingQueue<Chunk> parsed,
      Semaphore inFlight,
      int maxInFlight)
      throws InterruptedException {
    List<Object> taken = new ArrayList<>(TAKE);
    Chunk chunk = new Chunk();
    while (true) {
      if (inputs.drainTo(taken, TAKE) == 0) {
        chunk =
            handOver(chunk, parsed, inFlight, maxInFlight); // about to wait: pass on what is done
        taken.add(inputs.take());
      }
      for (Object o : taken) {
        if (o == noMoreInputs) {
          inputs.put(noMoreInputs); // for the next parser
          handOver(chunk, parsed, inFlight, maxInFlight);
          return;
        }
        InputUnit unit = (InputUnit) o;
        ParsedInput p;
        try {
          p = reader.read(unit);
        } catch (RuntimeException | Error e) { // a parser bug or out of memory: stop, never hang
          for (Object t : taken) {
            if (t instanceof InputUnit u) {
              u.abandoned();
            }
          }
          chunk.inputs.forEach(c -> c.unit().abandoned());
          throw new ParserStopped(unit.name() + ": the parser stopped: " + e, e);
        }
        chunk.add(p);
        if (chunk.records >= CHUNK_RECORDS
            || chunk.inputs.size() >= CHUNK_INPUTS
            || chunk.held >= CHUNK_HELD_BYTES) {
          chunk = handOver(chunk, parsed, inFlight, maxInFlight);
        }
      }
      taken.clear();
    }
  }

  /** Hands a chunk to the writer once the in-flight bound allows; returns a fresh chunk. */
  private static Chunk handOver(
      Chunk chunk, BlockingQueue<Chunk> parsed, Semaphore inFlight, int maxInFlight)
      throws InterruptedException {
    if (chunk.inputs.isEmpty()) {
      return chunk;
    }
    chunk.permits = Math.min(chunk.permits, maxInFlight); // a huge input still gets through
    inFlight.acquire(chunk.permits);
    parsed.put(chunk);
    return new Chunk();
  }

  private IngestProgress progress(long t0) {
    return new IngestProgress(
        found.get(),
        done.get(),
        sourcesDone,
        stored.get(),
        duplicates.get(),
        rejected.get(),
        records.get(),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private void fail(String message, boolean log) {
    if (log) {
      LOG.error(message);
    }
    if (error == null) {
      error = message;
    }
  }

  private void write(ReportStore store, BlockingQueue<Chunk> parsed, Semaphore inFlight)
      throws InterruptedException {
    List<ParsedInput> batch = new ArrayList<>();
    int batchRecords = 0;
    long batchHeld = 0;
    int permits = 0;
    boolean end = false;
    while (!end) {
      Chunk c =
          batch.isEmpty()
              ? parsed.take()
              : parsed.poll(options.batchLingerMillis(), TimeUnit.MILLISECONDS);
      if (c == Chunk.END) {
        end = true;
      } else if (c != null) {
        batch.addAll(c.inputs);
        batchRecords += c.records;
        batchHeld += c.held;
        permits += c.permits;
      }
      if (!batch.isEmpty()
          && (end
              || c == null
              || batchRecords >= options.batchRecords()
              || batchHeld >= BATCH_HELD_BYTES)) {
        if (!guard.mayCommit()) {
          refused(batch);
          inFlight.release(permits);
          return;
        }
        try {
          commit(store, batch);
        } catch (StoreException e) {
          fail(e.getMessage(), true);
          batch.forEach(b -> b.unit().abandoned());
          return;
        } finally {
          inFlight.release(permits);
        }
        batch.clear();
        batchRecords = 0;
        batchHeld = 0;
        permits = 0;
      }
    }
  }

  /**
   * The guard refused the batch: this process no longer runs the source. Nothing is committed; the
   * inputs stay where they are, for the process that runs the source now.
   */
  private void refused(List<ParsedInput> batch) {
    String message =
        "stopped before committing "
            + batch.size()
            + (batch.size() == 1 ? " input" : " inputs")
            + ": this process no longer runs the source (its lease is lost);"
            + " they are left for the process that does";
    LOG.warn("{} (first: {})", message, batch.get(0).unit().name());
    if (error == null) {
      error = message;
    }
    batch.forEach(b -> b.unit().abandoned());
  }

  private void commit(ReportStore store, List<ParsedInput> batch) {
    List<IncomingReport> reports = new ArrayList<>();
    List<IngestFailure> failures = new ArrayList<>();
    List<StoreBatch.InputDone> inputs = new ArrayList<>();
    for (ParsedInput p : batch) {
      reports.addAll(p.reports());
      failures.addAll(p.failures());
      inputs.add(
          new StoreBatch.InputDone(
              p.sha256(), p.unit().provenance(), p.reports().size(), p.failures().size()));
    }
    StoreBatch.Result result = store.storeBatch(new StoreBatch(reports, failures, inputs));
    int i = 0;
    for (ParsedInput p : batch) {
      int ok = 0;
      int dup = 0;
      List<Long> pks = new ArrayList<>();
      for (IncomingReport r : p.reports()) {
        StoreResult sr = result.results().get(i++);
        if (sr.stored()) {
          ok++;
          pks.add(sr.reportPk());
          records.addAndGet(r.report().records().size());
          messages.addAndGet(r.report().messageCount());
        } else {
          dup++;
        }
      }
      stored.addAndGet(ok);
      duplicates.addAndGet(dup);
      for (IngestFailure f : p.failures()) {
        rejected.incrementAndGet();
        String problem = p.problems().get(f.reason());
        problems.add(
            problem != null ? problem : ProblemKinds.reasonKey(f.reason(), p.unit().name()));
        listener.rejected(p.unit().name(), f.reason());
      }
      bytes.addAndGet(p.bytes());
      done.incrementAndGet();
      try {
        p.unit().committed(new InputOutcome(ok, dup, p.failures().size(), pks));
      } catch (RuntimeException e) {
        LOG.warn("after commit of {}: {}", p.unit().name(), e.toString());
      }
    }
  }

  private static String shorten(String key) {
    return key.length() > 100 ? key.substring(0, 100) + "..." : key;
  }

  private void drainAbandoned(BlockingQueue<Object> inputs, BlockingQueue<Chunk> parsed) {
    for (Object o; (o = inputs.poll()) != null; ) {
      if (o instanceof InputUnit u) {
        u.abandoned();
      }
    }
    for (Chunk c; (c = parsed.poll()) != null; ) {
      for (ParsedInput p : c.inputs) {
        p.unit().abandoned();
      }
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A parser thread could not go on (an Error or a bug out of the parser). */
  private static final class ParserStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParserStopped(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Parsed inputs on their way from a parser thread to the writer. */
  private static final class Chunk {
    static final Chunk END = new Chunk();

    final List<ParsedInput> inputs = new ArrayList<>();
    int records;
    int permits;
    long held;

    void add(ParsedInput p) {
      inputs.add(p);
      records += p.records();
      permits += p.permits();
      held += p.heldBytes();
    }
  }
}
