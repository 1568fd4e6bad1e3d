// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;

/**
 * The store's write path alone: batches of model reports into a fresh DuckDB file or PostgreSQL
 * database, without parsing.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.StoreWriteBenchmark \
 *     [jdbc:postgresql://127.0.0.1/db user password] [--reports N] [--records-per-report N]
 * }</pre>
 */
public final class StoreWriteBenchmark {
  private StoreWriteBenchmark() {}

  static AggregateReport report(int i, int records) throws Exception {
    List<ReportRecord> rows = new ArrayList<>(records);
    for (int r = 0; r < records; r++) {
      rows.add(
          new ReportRecord(
              InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) (r >> 8), (byte) r}),
              1 + r,
              new PolicyEvaluated(
                  DispositionType.NONE, DmarcResultType.PASS, DmarcResultType.FAIL, List.of()),
              new Identifiers("example.com", "example.com", null),
              List.of(new DkimAuthResult("example.com", "s1", DkimResultType.PASS, null)),
              List.of(
                  new SpfAuthResult("example.com", SpfDomainScope.MFROM, SpfResultType.PASS, null)),
              List.of()));
    }
    Instant begin = Instant.ofEpochSecond(1_714_521_600L + 86_400L * (i % 90));
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(
            "bench.example",
            null,
            null,
            "r" + i,
            begin,
            begin.plusSeconds(86_399),
            List.of(),
            null),
        new PolicyPublished(
            "d" + (i % 200) + ".example",
            Policy.NONE,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        rows,
        List.of(),
        List.of());
  }

  /** Command line. */
  public static void main(String[] args) throws Exception {
    int reports = 20_000;
    int perReport = 7;
    int batchRecords = 20_000;
    StoreConfig config = null;
    List<String> setup = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reports" -> reports = Integer.parseInt(args[++i]);
        case "--records-per-report" -> perReport = Integer.parseInt(args[++i]);
        case "--batch-records" -> batchRecords = Integer.parseInt(args[++i]);
        case "--sql" -> setup.add(args[++i]);
        default -> {
          config = StoreConfig.postgres(args[i], args[i + 1], args[i + 2]);
          i += 2;
        }
      }
    }
    Path tmp = null;
    if (config == null) {
      tmp = Files.createTempDirectory("store-bench");
      config = StoreConfig.inDataDir(tmp);
    }
    List<IncomingReport> all = new ArrayList<>(reports);
    List<StoreBatch.InputDone> inputs = new ArrayList<>(reports);
    for (int i = 0; i < reports; i++) {
      Provenance where = Provenance.file("/bench/" + i);
      all.add(
          new IncomingReport(
              report(i, perReport),
              Sha256.of(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
              where));
      inputs.add(
          new StoreBatch.InputDone(
              Sha256.of(("input " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
              where,
              1,
              0));
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    double writeSeconds;
    String engine;
    try (ReportStore store = ReportStores.open(config)) {
      engine = store.engine().toString();
      for (String sql : setup) {
        store.write(
            c -> {
              try (var st = c.createStatement()) {
                st.execute(sql);
              }
              return null;
            });
      }
      t0 = System.nanoTime();
      cpu0 = processCpuNanos();
      int per = Math.max(1, batchRecords / perReport);
      for (int from = 0; from < reports; from += per) {
        int to = Math.min(reports, from + per);
        store.storeBatch(
            new StoreBatch(all.subList(from, to), List.of(), inputs.subList(from, to)));
      }
      writeSeconds = (System.nanoTime() - t0) / 1e9;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    long records = (long) reports * perReport;
    System.out.printf(
        Locale.ROOT,
        "%s: %,d reports, %,d records in %.2f s (%.2f s writing, %.2f s closing) = %,.0f"
            + " reports/s, %,.0f records/s; process CPU %.2f s = %.2f us per record%n",
        engine,
        reports,
        records,
        s,
        writeSeconds,
        s - writeSeconds,
        reports / s,
        records / s,
        cpu,
        cpu * 1e6 / records);
  }

  /** CPU time of the whole process, all threads, native ones included. */
  static long processCpuNanos() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toNanos)
        .orElse(0L);
  }
}
