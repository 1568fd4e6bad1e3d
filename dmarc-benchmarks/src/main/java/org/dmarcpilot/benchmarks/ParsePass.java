// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.FileInputSource;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.store.DedupKey;
import org.dmarcpilot.app.store.ExportRow;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.RecordQuery;
import org.dmarcpilot.app.store.ReportOriginal;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreEngine;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.StoreTotals;
import org.dmarcpilot.app.store.StoredReport;

/**
 * The ingest without a database: the real {@link IngestPipeline} (sources, parser threads, writer
 * thread, batches) into a store that keeps only the dedup keys. Its CPU time against {@link
 * BarePass}'s over the same files is the cost of the parse side; the end-to-end benchmark's minus
 * this one is the cost of the database.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.ParsePass \
 *     /tmp/corpus/reports [--threads N] [--rounds N]
 * }</pre>
 */
public final class ParsePass {
  private ParsePass() {}

  /** Command line. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    IngestOptions options = IngestOptions.defaults();
    int rounds = 1;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> options = options.withParserThreads(Integer.parseInt(args[++i]));
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (int round = 1; round <= rounds; round++) {
      long cpu0 = StoreWriteBenchmark.processCpuNanos();
      long t0 = System.nanoTime();
      IngestSummary s;
      try (KeysOnlyStore store = new KeysOnlyStore()) {
        s =
            new IngestPipeline(
                    store,
                    CoreReportParser.withFailureCopy(options.failureCopyBytes()),
                    options,
                    IngestListener.NONE)
                .run(List.of(new FileInputSource(List.of(root))));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (StoreWriteBenchmark.processCpuNanos() - cpu0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "parse pass round %d (%d threads): %,d files, %,d reports, %,d duplicates, %,d rejected,"
              + " %,d records in %.2f s = %,.0f records/s; process CPU %.2f s (%.2f us per"
              + " record)%n",
          round,
          options.parserThreads(),
          s.inputs(),
          s.reportsStored(),
          s.duplicates(),
          s.rejected(),
          s.records(),
          seconds,
          s.records() / seconds,
          cpu,
          cpu * 1e6 / Math.max(1, s.records()));
    }
  }

  /** A store that keeps the dedup keys in memory and nothing else. */
  static final class KeysOnlyStore implements ReportStore {
    private final Set<DedupKey> keys = new HashSet<>();
    private long next = 1;

    @Override
    public StoreEngine engine() {
      return StoreEngine.DUCKDB;
    }

    @Override
    public synchronized List<StoreResult> storeAll(List<IncomingReport> reports) {
      List<StoreResult> out = new ArrayList<>(reports.size());
      for (IncomingReport r : reports) {
        DedupKey k = r.key();
        boolean fresh = keys.add(k);
        out.add(
            new StoreResult(
                fresh ? StoreResult.Outcome.STORED : StoreResult.Outcome.DUPLICATE,
                fresh ? next++ : 0,
                k));
      }
      return out;
    }

    @Override
    public StoreBatch.Result storeBatch(StoreBatch batch) {
      return new StoreBatch.Result(storeAll(batch.reports()), batch.failures().size());
    }

    @Override
    public boolean logFailure(IngestFailure failure) {
      return true;
    }

    @Override
    public List<IngestFailure> failures(int limit) {
      return List.of();
    }

    @Override
    public boolean markInputDone(
        String contentSha256, Provenance source, int reports, int failures) {
      return true;
    }

    @Override
    public boolean isInputDone(String contentSha256) {
      return false;
    }

    @Override
    public StoreTotals totals() {
      return new StoreTotals(keys.size(), 0, 0, 0);
    }

    @Override
    public Optional<StoredReport> findReport(long pk) {
      return Optional.empty();
    }

    @Override
    public List<StoredReport> findReports(List<Long> pks) {
      return List.of();
    }

    @Override
    public Optional<ReportOriginal> findOriginal(long reportPk) {
      return Optional.empty();
    }

    @Override
    public Optional<StoredReport> findReport(DedupKey key) {
      return Optional.empty();
    }

    @Override
    public long exportRecords(RecordQuery query, Consumer<ExportRow> sink) {
      return 0;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
      throw new UnsupportedOperationException("no database");
    }

    @Override
    public <T> T write(SqlWork<T> work) {
      throw new UnsupportedOperationException("no database");
    }

    @Override
    public void close() {}
  }
}
