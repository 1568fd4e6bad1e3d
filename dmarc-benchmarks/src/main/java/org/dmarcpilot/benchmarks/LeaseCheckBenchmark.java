// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.SourceLeases;
import org.dmarcpilot.app.store.SourceLeases.SourceLease;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreConfig;

/**
 * What the lease check before each commit costs a background source on PostgreSQL: the latency of
 * one {@link SourceLease#held()} (a round trip on the lease's connection), next to the commit of a
 * one-report transaction it precedes; and, for a watched folder of many small files, how many
 * checks the ingest asks (one per transaction, and transactions hold many files).
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.LeaseCheckBenchmark \
 *     jdbc:postgresql://127.0.0.1:5432/db user password [--checks N] [--commits N] [--files N]
 * }</pre>
 */
public final class LeaseCheckBenchmark {
  private LeaseCheckBenchmark() {}

  /** Command line. */
  public static void main(String[] args) throws Exception {
    int checks = 20_000;
    int commits = 1_000;
    int files = 2_000;
    StoreConfig config = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--checks" -> checks = Integer.parseInt(args[++i]);
        case "--commits" -> commits = Integer.parseInt(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        default -> {
          config = StoreConfig.postgres(args[i], args[i + 1], args[i + 2]);
          i += 2;
        }
      }
    }
    if (config == null) {
      System.err.println("usage: LeaseCheckBenchmark JDBC-URL USER PASSWORD [--checks N] ...");
      System.exit(2);
      return;
    }
    int run = ThreadLocalRandom.current().nextInt(1 << 20);
    try (ReportStore store = ReportStores.open(config)) {
      try (SourceLease lease =
          store.leases().tryAcquire("bench:lease-check:" + run).orElseThrow()) {
        for (int i = 0; i < 1_000; i++) {
          lease.held();
        }
        long[] t = new long[checks];
        for (int i = 0; i < checks; i++) {
          long t0 = System.nanoTime();
          if (!lease.held()) {
            throw new IllegalStateException("the lease broke during the benchmark");
          }
          t[i] = System.nanoTime() - t0;
        }
        print("lease check (held())", t);
      }
      long[] t = new long[commits];
      for (int i = 0; i < commits; i++) {
        int n = run * 10_000 + i;
        Provenance where = Provenance.file("/bench/lease-check/" + n);
        byte[] id = ("lease-check " + n).getBytes(StandardCharsets.US_ASCII);
        StoreBatch batch =
            new StoreBatch(
                List.of(new IncomingReport(StoreWriteBenchmark.report(n, 1), Sha256.of(id), where)),
                List.of(),
                List.of(new StoreBatch.InputDone(Sha256.of(id), where, 1, 0)));
        long t0 = System.nanoTime();
        store.storeBatch(batch);
        t[i] = System.nanoTime() - t0;
      }
      print("commit of a one-report transaction", t);
      watch(store, files, run);
    }
  }

  /** A watched folder of {@code files} one-report files, ingested by a supervisor that leases. */
  private static void watch(ReportStore store, int files, int run) throws Exception {
    Path dir = Files.createTempDirectory("lease-check");
    for (int i = 0; i < files; i++) {
      Files.writeString(dir.resolve("r" + i + ".xml"), xml("w" + run + "-" + i));
    }
    AtomicLong guardChecks = new AtomicLong();
    AtomicLong periodicChecks = new AtomicLong();
    SourceLeases counting =
        key ->
            store
                .leases()
                .tryAcquire(key)
                .map(
                    l ->
                        new SourceLease() {
                          @Override
                          public boolean held() {
                            boolean periodic =
                                Thread.currentThread().getName().equals("dmarcpilot-source-leases");
                            (periodic ? periodicChecks : guardChecks).incrementAndGet();
                            return l.held();
                          }

                          @Override
                          public void close() {
                            l.close();
                          }
                        });
    long before = store.totals().reports();
    long t0 = System.nanoTime();
    try (IngestSupervisor s =
        new IngestSupervisor(
            store,
            IngestOptions.defaults(),
            () -> IngestListener.NONE,
            Clock.systemUTC(),
            counting,
            IngestSupervisor.LEASE_INTERVAL)) {
      s.start(
          SourceDefinition.folder(
              "lease-check", dir, Duration.ofMillis(200), SourceDefinition.Origin.CONFIGURATION));
      while (store.totals().reports() < before + files) {
        Thread.sleep(50);
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "watched folder: %,d files (one report each) in %.2f s; %,d lease checks before commits"
            + " (%.3f per file), %,d periodic%n",
        files,
        secs,
        guardChecks.get(),
        (double) guardChecks.get() / files,
        periodicChecks.get());
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void print(String what, long[] nanos) {
    long[] t = nanos.clone();
    Arrays.sort(t);
    double mean = Arrays.stream(t).average().orElse(0) / 1000;
    System.out.printf(
        Locale.ROOT,
        "%s: %,d calls, mean %.1f us, p50 %.1f us, p99 %.1f us%n",
        what,
        t.length,
        mean,
        t[t.length / 2] / 1000.0,
        t[(int) (t.length * 0.99)] / 1000.0);
  }

  private static String xml(String id) {
    return "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>lease.example</org_name>"
        + "<email>r@lease.example</email><report_id>"
        + id
        + "</report_id><date_range><begin>1714521600</begin><end>1714607999</end>"
        + "</date_range></report_metadata><policy_published><domain>example.com</domain>"
        + "<p>none</p></policy_published><record><row><source_ip>192.0.2.1</source_ip>"
        + "<count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim>"
        + "<spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com"
        + "</header_from></identifiers><auth_results><spf><domain>example.com</domain>"
        + "<result>pass</result></spf></auth_results></record></feedback>";
  }
}
