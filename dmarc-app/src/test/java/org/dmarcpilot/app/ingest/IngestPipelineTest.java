// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.SourceKind;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's mechanics, with a parser for a line format of its own so that the test is about
 * batching, dedup, failures and callbacks, not XML: each line {@code org,id,domain,day,records} is
 * one report; a line {@code bad REASON} is a failed payload.
 */
class IngestPipelineTest {
  @TempDir Path dir;
  ReportStore store;

  static final InputParser LINES =
      (in, name, sink) -> {
        String text;
        try {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        for (String line : text.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          if (line.startsWith("bad ")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            sink.failure(name + ": " + line.substring(4), line.substring(4), b, b.length, null);
            continue;
          }
          String[] f = line.split(",");
          sink.report(
              TestReports.simple(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])),
              Sha256.of(line.getBytes(StandardCharsets.UTF_8)),
              "line",
              null);
        }
      };

  @BeforeEach
  void open() {
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void run_filesWithReportsDuplicatesAndFailures_summaryAndStoreAgree() throws Exception {
    file("a.xml", "g,1,example.com,0,3\ng,2,example.com,0,2\n");
    file("b.xml", "g,1,example.com,0,3\nbad not a report\n");
    file("c.xml", "");
    file(".hidden", "g,9,example.com,0,1\n");
    IngestPipeline p =
        new IngestPipeline(
            store, LINES, IngestOptions.defaults().withParserThreads(2), IngestListener.NONE);
    IngestSummary s = p.run(List.of(new FileInputSource(List.of(dir.resolve("in")))));

    assertThat(s.inputs()).isEqualTo(3);
    assertThat(s.reportsStored()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.records()).isEqualTo(5);
    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.rejectedByReason())
        .containsEntry("not a report", 1L)
        .containsEntry("no aggregate report found", 1L);
    assertThat(s.failed()).isTrue();
    assertThat(s.error()).isNull();
    assertThat(store.totals().reports()).isEqualTo(2);
    assertThat(store.totals().failures()).isEqualTo(2);
    assertThat(store.isInputDone(Sha256.of(Files.readAllBytes(dir.resolve("in/a.xml"))))).isTrue();
  }

  @Test
  void run_aParserThreadDies_endsWithTheErrorInsteadOfHanging() throws Exception {
    // an Error out of a parser (here an assertion; in the field an OutOfMemoryError) killed its
    // thread: the input was neither stored nor rejected and the summary said nothing, or, when the
    // thread held the end-of-inputs token, the ingest waited forever
    for (int i = 0; i < 20; i++) {
      file("a" + i + ".xml", "g," + i + ",example.com,0,1\n");
    }
    file("boom.xml", "boom\n");
    InputParser dies =
        (in, name, sink) -> {
          if (name.endsWith("boom.xml")) {
            throw new AssertionError("parser bug");
          }
          LINES.parse(in, name, sink);
        };
    IngestPipeline p =
        new IngestPipeline(
            store, dies, IngestOptions.defaults().withParserThreads(2), IngestListener.NONE);

    IngestSummary s =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(60),
            () -> p.run(List.of(new FileInputSource(List.of(dir.resolve("in"))))));

    assertThat(s.error()).contains("boom.xml").contains("parser bug");
    assertThat(s.failed()).isTrue();
  }

  @Test
  void run_manyFailuresOfOneInput_keepItsBytesOnceAndBounded() throws Exception {
    // a zip of 999 broken members: each failure's copy is the whole input. 999 copies of a 679 KB
    // zip ran a 512 MiB heap out of memory; the same bytes are now kept once per input, and the
    // copies of one input are bounded in all
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      lines.append("bad member ").append(i).append('\n');
    }
    file("many.xml", lines.toString());
    byte[] whole = new byte[1 << 20];
    InputParser sameCopy =
        (in, name, sink) -> {
          for (int i = 0; i < 300; i++) {
            sink.failure(
                name + ": m" + i + " is broken", "broken", whole.clone(), whole.length, "m" + i);
          }
          byte[] other = new byte[2 << 20];
          for (int i = 0; i < 40; i++) {
            other[0] = (byte) i; // 40 different copies of 2 MiB
            sink.failure(
                name + ": n" + i + " is broken", "broken", other.clone(), other.length, "n" + i);
          }
        };
    List<InputUnit> units = new ArrayList<>();
    new FileInputSource(List.of(dir.resolve("in"))).produce(units::add);
    ParsedInput parsed = new InputReader(sameCopy, IngestOptions.defaults()).read(units.get(0));

    assertThat(parsed.failures()).hasSize(340);
    java.util.Set<byte[]> arrays =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long kept = 0;
    for (IngestFailure f : parsed.failures()) {
      if (arrays.add(f.original())) {
        kept += f.original().length;
      }
    }
    assertThat(parsed.failures().get(299).original()).isSameAs(parsed.failures().get(0).original());
    assertThat(kept).isLessThanOrEqualTo(InputReader.MAX_FAILURE_COPY_BYTES_PER_INPUT);
    assertThat(parsed.failures().get(339).originalSize()).isEqualTo(2 << 20);
    assertThat(parsed.heldBytes()).isEqualTo(kept);
  }

  @Test
  void run_withAnOpener_parsersReadWhileTheStoreOpens() throws Exception {
    file("a.xml", "g,1,example.com,0,3\n");
    file("b.xml", "g,2,example.com,0,2\n");
    java.util.concurrent.CountDownLatch parsed = new java.util.concurrent.CountDownLatch(2);
    InputParser counting =
        (in, name, sink) -> {
          LINES.parse(in, name, sink);
          parsed.countDown();
        };
    IngestSummary s =
        new IngestPipeline(
                () -> {
                  try {
                    // the store is handed over only once both inputs are parsed
                    assertThat(parsed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                  return store;
                },
                counting,
                IngestOptions.defaults().withParserThreads(2),
                IngestListener.NONE)
            .run(List.of(new FileInputSource(List.of(dir.resolve("in")))));

    assertThat(s.reportsStored()).isEqualTo(2);
    assertThat(s.records()).isEqualTo(5);
    assertThat(store.totals().reports()).isEqualTo(2);
  }

  @Test
  void run_theStoreCannotBeOpened_throwsAndCommitsNothing() throws Exception {
    ConcurrentHashMap<String, String> outcomes = new ConcurrentHashMap<>();
    InputSource source =
        sink -> {
          for (int i = 0; i < 5; i++) {
            String name = "in-" + i;
            String content = "m," + i + ",example.com,0,1\n";
            sink.accept(
                inMemory(
                    name,
                    content,
                    () -> outcomes.put(name, "committed"),
                    () -> outcomes.putIfAbsent(name, "abandoned")));
          }
        };
    IngestPipeline p =
        new IngestPipeline(
            () -> {
              throw new org.dmarcpilot.app.store.StoreException("the database is in use");
            },
            LINES,
            IngestOptions.defaults(),
            IngestListener.NONE);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(List.of(describe(source))))
        .isInstanceOf(org.dmarcpilot.app.store.StoreException.class)
        .hasMessage("the database is in use");
    assertThat(outcomes).doesNotContainValue("committed");
    assertThat(store.totals().reports()).isZero();
  }

  @Test
  void run_manyInputsSmallInFlightBound_totalsExactAndEveryInputCommittedOnce() throws Exception {
    int inputs = 200;
    ConcurrentHashMap<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    InputSource source =
        sink -> {
          for (int i = 0; i < inputs; i++) {
            String content = "m," + i + ",example.com," + (i % 3) + "," + (1 + i % 7) + "\n";
            String name = "in-" + i;
            sink.accept(
                inMemory(
                    name,
                    content,
                    () -> commits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet(),
                    () -> {}));
          }
        };
    IngestOptions opts = new IngestOptions(2, 50, 20, 10, 1 << 20, 1024, 1024);
    IngestSummary s =
        new IngestPipeline(store, LINES, opts, IngestListener.NONE).run(List.of(describe(source)));

    long expected = 0;
    for (int i = 0; i < inputs; i++) {
      expected += 1 + i % 7;
    }
    assertThat(s.reportsStored()).isEqualTo(inputs);
    assertThat(store.totals().records()).isEqualTo(expected);
    assertThat(commits).hasSize(inputs);
    assertThat(commits.values()).allMatch(c -> c.get() == 1);
  }

  @Test
  void run_storeFails_stopsWithErrorAndAbandonsUncommittedInputs() throws Exception {
    AtomicInteger abandoned = new AtomicInteger();
    AtomicInteger committed = new AtomicInteger();
    store.close();
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    store.write(
        c -> {
          try (var st = c.createStatement()) {
            st.execute("DROP INDEX IF EXISTS aggregate_record_spf_report");
            st.execute("DROP TABLE aggregate_record_spf");
          }
          return null;
        });
    InputSource source =
        sink -> {
          for (int i = 0; i < 5; i++) {
            String content = "f," + i + ",example.com,0,2\n";
            sink.accept(
                new InputUnit("x" + i, Provenance.file("x" + i)) {
                  @Override
                  public InputStream open() {
                    return new java.io.ByteArrayInputStream(
                        content.getBytes(StandardCharsets.UTF_8));
                  }

                  @Override
                  public void committed(InputOutcome o) {
                    committed.incrementAndGet();
                  }

                  @Override
                  public void abandoned() {
                    abandoned.incrementAndGet();
                  }
                });
          }
        };
    IngestSummary s =
        new IngestPipeline(store, LINES, IngestOptions.defaults(), IngestListener.NONE)
            .run(List.of(describe(source)));

    assertThat(s.error()).contains("cannot store a batch");
    assertThat(s.failed()).isTrue();
    assertThat(committed.get()).isZero();
    assertThat(abandoned.get()).isPositive();
    assertThat(store.totals().reports()).isZero();
  }

  /**
   * The guard (a leased source's "is the lease still held?") refuses once the source is another
   * process's: the pipeline commits nothing more, abandons what it holds, and says why.
   */
  @Test
  void run_guardRefuses_commitsNothingMoreAndAbandonsWhatItHolds() throws Exception {
    ConcurrentHashMap<String, String> outcomes = new ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch firstThree = new java.util.concurrent.CountDownLatch(3);
    java.util.concurrent.atomic.AtomicBoolean owned =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    AtomicInteger asked = new AtomicInteger();
    CommitGuard guard =
        () -> {
          asked.incrementAndGet();
          return owned.get();
        };
    InputSource source =
        sink -> {
          for (int i = 0; i < 10; i++) {
            if (i == 3) {
              assertThat(firstThree.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
              owned.set(false); // the lease broke: another process runs the source now
            }
            String name = "in-" + i;
            sink.accept(
                inMemory(
                    name,
                    "g," + i + ",example.com,0,1\n",
                    () -> {
                      outcomes.put(name, "committed");
                      firstThree.countDown();
                    },
                    () -> outcomes.putIfAbsent(name, "abandoned")));
          }
        };
    IngestSummary s =
        new IngestPipeline(
                store,
                LINES,
                IngestOptions.defaults().withParserThreads(1),
                IngestListener.NONE,
                guard)
            .run(List.of(describe(source)));

    assertThat(s.error()).contains("no longer runs the source");
    assertThat(s.reportsStored()).isEqualTo(3);
    assertThat(store.totals().reports()).isEqualTo(3);
    assertThat(outcomes)
        .containsEntry("in-0", "committed")
        .containsEntry("in-1", "committed")
        .containsEntry("in-2", "committed")
        .containsValue("abandoned");
    assertThat(outcomes.entrySet()).filteredOn(e -> e.getValue().equals("committed")).hasSize(3);
    assertThat(asked.get()).as("guard asked before each commit and the refused one").isPositive();
  }

  /** The guard costs one question per transaction, however many inputs the transaction holds. */
  @Test
  void run_guard_askedOncePerTransactionNotPerInput() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger transactions = new AtomicInteger();
    ReportStore counting =
        (ReportStore)
            java.lang.reflect.Proxy.newProxyInstance(
                ReportStore.class.getClassLoader(),
                new Class<?>[] {ReportStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("storeBatch")) {
                    transactions.incrementAndGet();
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    for (int i = 0; i < 300; i++) {
      file("f" + i + ".xml", "w," + i + ",example.com,0,1\n");
    }
    IngestSummary s =
        new IngestPipeline(
                counting,
                LINES,
                IngestOptions.defaults().withParserThreads(2),
                IngestListener.NONE,
                () -> {
                  asked.incrementAndGet();
                  return true;
                })
            .run(List.of(new FileInputSource(List.of(dir.resolve("in")))));

    assertThat(s.reportsStored()).isEqualTo(300);
    assertThat(asked.get()).isEqualTo(transactions.get());
  }

  @Test
  void run_missingPath_errorNamesIt() throws Exception {
    IngestSummary s =
        new IngestPipeline(store, LINES, IngestOptions.defaults(), IngestListener.NONE)
            .run(List.of(new FileInputSource(List.of(dir.resolve("nope")))));
    assertThat(s.error()).contains("nope");
  }

  @Test
  void run_maildirAndMbox_kindsFromLayoutAndContent() throws Exception {
    Path md = dir.resolve("in/Maildir");
    Files.createDirectories(md.resolve("cur"));
    Files.createDirectories(md.resolve("new"));
    Files.createDirectories(md.resolve("tmp"));
    Files.writeString(md.resolve("new/1.host"), "k,1,example.com,0,1\n");
    Files.writeString(md.resolve("tmp/2.host"), "k,2,example.com,0,1\n");
    Files.writeString(dir.resolve("in/archive"), "From x\n");
    assertThat(FileInputSource.kindOf(dir.resolve("in/archive"))).isEqualTo(SourceKind.MBOX);
    IngestSummary s =
        new IngestPipeline(store, LINES, IngestOptions.defaults(), IngestListener.NONE)
            .run(List.of(new FileInputSource(List.of(md))));
    assertThat(s.inputs()).isEqualTo(1);
    assertThat(store.findReport(1).orElseThrow().source().kind()).isEqualTo(SourceKind.MAILDIR);
  }

  /** An upload held in memory that runs {@code onCommit} or {@code onAbandon} when told so. */
  private static InputUnit inMemory(
      String name, String content, Runnable onCommit, Runnable onAbandon) {
    return new InputUnit(name, new Provenance(SourceKind.UPLOAD, name, null, null, null)) {
      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void committed(InputOutcome outcome) {
        onCommit.run();
      }

      @Override
      public void abandoned() {
        onAbandon.run();
      }
    };
  }

  private static InputSource describe(InputSource s) {
    return new InputSource() {
      @Override
      public void produce(Sink sink) throws IOException, InterruptedException {
        s.produce(sink);
      }

      @Override
      public String describe() {
        return "test source";
      }
    };
  }
}
