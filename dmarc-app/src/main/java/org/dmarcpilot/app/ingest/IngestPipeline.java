// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreException;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.report.aggregate.AggregateReport;
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
 */
public final class IngestPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final ParsedInput END =
      new ParsedInput(
          new InputUnit("end", Provenance.file("end")) {
            @Override
            public InputStream open() {
              return InputStream.nullInputStream();
            }
          },
          "",
          0,
          List.of(),
          List.of(),
          Map.of(),
          0,
          0);

  private final ReportStore store;
  private final InputParser parser;
  private final IngestOptions options;
  private final IngestListener listener;

  private final AtomicLong found = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
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
    this.store = Objects.requireNonNull(store, "store");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Ingests everything the sources produce and returns the summary. Returns early, with {@link
   * IngestSummary#error()} set, when the store fails; inputs not committed by then are left where
   * they were.
   */
  public IngestSummary run(List<? extends InputSource> sources) throws InterruptedException {
    long t0 = System.nanoTime();
    int threads = options.parserThreads();
    BlockingQueue<Object> inputs = new ArrayBlockingQueue<>(threads * 4);
    BlockingQueue<ParsedInput> parsed = new ArrayBlockingQueue<>(1024);
    Semaphore inFlight = new Semaphore(options.maxInFlightRecords());
    Object noMoreInputs = new Object();
    List<Thread> workers = new ArrayList<>();

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
                    fail("cannot read " + s.describe() + ": " + e.getMessage());
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                sourcesDone = true;
                for (int i = 0; i < threads; i++) {
                  try {
                    inputs.put(noMoreInputs);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
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
                  for (Object o = inputs.take(); o != noMoreInputs; o = inputs.take()) {
                    ParsedInput p = parse((InputUnit) o);
                    inFlight.acquire(p.permits());
                    parsed.put(p);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  if (parsersLeft.decrementAndGet() == 0) {
                    parsed.offer(END);
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
      write(parsed, inFlight);
    } finally {
      ticker.interrupt();
      for (Thread w : workers) {
        w.interrupt();
      }
      drainAbandoned(inputs, parsed);
    }
    listener.progress(progress(t0));
    Map<String, Long> byReason = new java.util.TreeMap<>();
    reasons.forEach((k, v) -> byReason.put(k, v.get()));
    return new IngestSummary(
        done.get(),
        bytes.get(),
        stored.get(),
        duplicates.get(),
        rejected.get(),
        byReason,
        records.get(),
        messages.get(),
        Duration.ofNanos(System.nanoTime() - t0),
        error);
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

  private void fail(String message) {
    LOG.error(message);
    if (error == null) {
      error = message;
    }
  }

  private void write(BlockingQueue<ParsedInput> parsed, Semaphore inFlight)
      throws InterruptedException {
    List<ParsedInput> batch = new ArrayList<>();
    int batchRecords = 0;
    boolean end = false;
    while (!end) {
      ParsedInput p =
          batch.isEmpty()
              ? parsed.take()
              : parsed.poll(options.batchLingerMillis(), TimeUnit.MILLISECONDS);
      if (p == END) {
        end = true;
      } else if (p != null) {
        batch.add(p);
        batchRecords += p.records();
      }
      if (!batch.isEmpty() && (end || p == null || batchRecords >= options.batchRecords())) {
        try {
          commit(batch);
        } catch (StoreException e) {
          fail(e.getMessage());
          batch.forEach(b -> b.unit().abandoned());
          return;
        } finally {
          for (ParsedInput b : batch) {
            inFlight.release(b.permits());
          }
        }
        batch.clear();
        batchRecords = 0;
      }
    }
  }

  private void commit(List<ParsedInput> batch) {
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
      for (IncomingReport r : p.reports()) {
        StoreResult sr = result.results().get(i++);
        if (sr.stored()) {
          ok++;
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
        reasons
            .computeIfAbsent(reasonKey(f.reason(), p.unit().name()), k -> new AtomicLong())
            .incrementAndGet();
        listener.rejected(p.unit().name(), f.reason());
      }
      bytes.addAndGet(p.bytes());
      done.incrementAndGet();
      try {
        p.unit().committed(new InputOutcome(ok, dup, p.failures().size()));
      } catch (RuntimeException e) {
        LOG.warn("after commit of {}: {}", p.unit().name(), e.toString());
      }
    }
  }

  /** The reason without the input's name: reasons group by what went wrong. */
  static String reasonKey(String reason, String inputName) {
    String r = reason.replace(inputName, "").trim();
    while (r.startsWith(":") || r.startsWith(",")) {
      r = r.substring(1).trim();
    }
    return r;
  }

  private static String shorten(String key) {
    return key.length() > 100 ? key.substring(0, 100) + "..." : key;
  }

  private void drainAbandoned(BlockingQueue<Object> inputs, BlockingQueue<ParsedInput> parsed) {
    for (Object o; (o = inputs.poll()) != null; ) {
      if (o instanceof InputUnit u) {
        u.abandoned();
      }
    }
    for (ParsedInput p; (p = parsed.poll()) != null; ) {
      if (p != END) {
        p.unit().abandoned();
      }
    }
  }

  /** Reads and parses one input; never throws. */
  ParsedInput parse(InputUnit unit) {
    List<IncomingReport> reports = new ArrayList<>();
    List<IngestFailure> failures = new ArrayList<>();
    Provenance prov = unit.provenance();
    byte[] data;
    String sha;
    long size;
    try (InputStream in = unit.open()) {
      Bounded b = readBounded(in, options.maxInputBytes());
      sha = b.sha256;
      size = b.size;
      if (b.size > options.maxInputBytes()) {
        failures.add(
            newFailure(
                prov,
                unit.name() + ": input larger than " + options.maxInputBytes() + " bytes",
                b.sha256,
                b.size,
                b.head));
        return new ParsedInput(
            unit, sha, size, reports, failures, Map.of(), 0, permits(0, failures));
      }
      data = b.head;
    } catch (IOException e) {
      String reason = unit.name() + ": cannot read: " + e.getMessage();
      byte[] none = new byte[0];
      failures.add(
          newFailure(
              prov,
              reason,
              Sha256.of(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              0,
              none));
      return new ParsedInput(
          unit, Sha256.of(none), 0, reports, failures, Map.of(), 0, permits(0, failures));
    }
    int[] recordCount = new int[1];
    Map<String, String> problems = new java.util.HashMap<>();
    InputParser.Sink sink =
        new InputParser.Sink() {
          @Override
          public void report(
              AggregateReport report,
              String sha256,
              @Nullable String part,
              @Nullable String messageId) {
            Provenance where = prov.withPart(part);
            if (messageId != null && where.messageId() == null) {
              where = new Provenance(where.kind(), where.path(), where.mailbox(), messageId, part);
            }
            reports.add(new IncomingReport(report, sha256, where));
            recordCount[0] += report.records().size();
          }

          @Override
          public void failure(
              String reason,
              String problem,
              byte[] original,
              long originalSize,
              @Nullable String part) {
            problems.put(reason, problem);
            byte[] kept =
                original.length <= options.failureCopyBytes()
                    ? original
                    : java.util.Arrays.copyOf(original, options.failureCopyBytes());
            failures.add(
                newFailure(
                    prov.withPart(part),
                    reason,
                    Sha256.of(original),
                    Math.max(originalSize, original.length),
                    kept));
          }
        };
    try {
      parser.parse(new java.io.ByteArrayInputStream(data), unit.name(), sink);
    } catch (RuntimeException e) {
      LOG.error("parser failed on {}", unit.name(), e);
      reports.clear();
      recordCount[0] = 0;
      failures.clear();
      failures.add(
          newFailure(
              prov,
              unit.name() + ": internal error while reading: " + e,
              sha,
              size,
              data.length <= options.failureCopyBytes()
                  ? data
                  : java.util.Arrays.copyOf(data, options.failureCopyBytes())));
    }
    if (reports.isEmpty() && failures.isEmpty()) {
      failures.add(
          newFailure(
              prov,
              unit.name() + ": no aggregate report found",
              sha,
              size,
              data.length <= options.failureCopyBytes()
                  ? data
                  : java.util.Arrays.copyOf(data, options.failureCopyBytes())));
    }
    return new ParsedInput(
        unit,
        sha,
        size,
        reports,
        failures,
        problems,
        recordCount[0],
        permits(recordCount[0], failures));
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static IngestFailure newFailure(
      Provenance p, String reason, String sha, long size, byte[] kept) {
    return new IngestFailure(p, reason, sha, Math.max(size, kept.length), kept);
  }

  private int permits(int recordCount, List<IngestFailure> failures) {
    long p = recordCount;
    for (IngestFailure f : failures) {
      p += f.original().length / 1024;
    }
    return (int) Math.max(1, Math.min(options.maxInFlightRecords(), p));
  }

  private record Bounded(byte[] head, long size, String sha256) {}

  /** Reads up to {@code max} bytes, hashing and counting the whole stream. */
  private Bounded readBounded(InputStream in, long max) throws IOException {
    MessageDigest md = Sha256.digest();
    ByteArrayOutputStream head = new ByteArrayOutputStream(8192);
    long keep = max + 1 > Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE - 16 : max + 1;
    byte[] buf = new byte[65536];
    long size = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
      if (size < keep) {
        head.write(buf, 0, (int) Math.min(n, keep - size));
      }
      size += n;
    }
    byte[] h = head.toByteArray();
    if (size > max) {
      h = java.util.Arrays.copyOf(h, (int) Math.min(h.length, options.failureCopyBytes()));
    }
    return new Bounded(h, size, HexFormat.of().formatHex(md.digest()));
  }
}
