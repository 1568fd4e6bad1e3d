// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreTotals;

/**
 * The end-to-end benchmark: ingests a generated corpus with the real {@code dmarcpilot ingest} (a
 * child JVM, {@code -Xmx512m}, whole process) into a fresh DuckDB file and, when a PostgreSQL
 * server is given, a fresh PostgreSQL database; prints files/s, reports/s, records/s and the peak
 * RSS, checks the stored totals against the corpus's, and runs the bare inflate+StAX pass over the
 * same files for reference.
 *
 * <pre>{@code
 * ./mvnw -q -B -pl dmarc-benchmarks -am package -DskipTests
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.EndToEndBenchmark \
 *     --corpus /tmp/corpus --records 1000000 \
 *     [--postgres jdbc:postgresql://127.0.0.1:5432/postgres --pg-user U --pg-password P] \
 *     [--jar dmarc-app/target/dmarcpilot.jar] [--xmx 512m]
 * }</pre>
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  /**
   * The JVM options the {@code dmarcpilot} launcher adds for {@code ingest} and {@code export}: the
   * throughput collector (less CPU and a smaller resident set than G1 for a batch run).
   */
  static final String LAUNCHER_INGEST_OPTS = "-XX:+UseParallelGC";

  /** One measured run. */
  record Run(String engine, double seconds, long peakRssKib, String summary, StoreTotals totals) {}

  /** Command line. */
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of("/tmp/dmarcpilot-corpus");
    long records = 1_000_000;
    long bytes = 0;
    String pg = null;
    String pgUser = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_USER", "");
    String pgPassword = System.getenv().getOrDefault("DMARC_TEST_POSTGRES_PASSWORD", "");
    Path jar = Path.of("dmarc-app/target/dmarcpilot.jar");
    String xmx = "512m";
    boolean bare = true;
    String jvmOpts = LAUNCHER_INGEST_OPTS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(args[++i]);
        case "--records" -> records = Long.parseLong(args[++i]);
        case "--bytes" -> bytes = Sizes.parse(args[++i]);
        case "--postgres" -> pg = args[++i];
        case "--pg-user" -> pgUser = args[++i];
        case "--pg-password" -> pgPassword = args[++i];
        case "--jar" -> jar = Path.of(args[++i]);
        case "--xmx" -> xmx = args[++i];
        case "--no-bare" -> bare = false;
        case "--jvm-opts" -> jvmOpts = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.exists(corpus.resolve("corpus.properties"))) {
      System.out.printf(Locale.ROOT, "generating %s ...%n", corpus);
      CorpusGenerator.generate(corpus, 1, records, bytes, 20_000);
    }
    CorpusGenerator.Totals expected = CorpusGenerator.totals(corpus);
    System.out.printf(
        Locale.ROOT,
        "corpus: %,d files, %,d bytes, %,d reports (+%,d resent), %,d records%n",
        expected.files(),
        expected.bytes(),
        expected.reports(),
        expected.duplicates(),
        expected.records());

    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + xmx);
    for (String o : jvmOpts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        jvm.add(o);
      }
    }
    System.out.println("child JVM options: " + String.join(" ", jvm));
    Path data = Files.createTempDirectory("e2e-duckdb");
    Run duck = run("duckdb", jar, jvm, corpus, List.of("--data-dir", data.toString()), List.of());
    try (ReportStore s = ReportStores.open(StoreConfig.inDataDir(data))) {
      duck = new Run(duck.engine, duck.seconds, duck.peakRssKib, duck.summary, s.totals());
    }
    report(duck, expected);

    if (pg != null) {
      String db = "dmarcpilot_e2e_" + Long.toHexString(System.nanoTime());
      try (Connection c = DriverManager.getConnection(pg, pgUser, pgPassword);
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db);
      }
      String url = pg.substring(0, pg.lastIndexOf('/') + 1) + db;
      try {
        Run pgRun =
            run(
                "postgresql",
                jar,
                jvm,
                corpus,
                List.of("--db", url, "--data-dir", data.toString()),
                List.of("DMARCPILOT_DB_USER=" + pgUser, "DMARCPILOT_DB_PASSWORD=" + pgPassword));
        try (ReportStore s = ReportStores.open(StoreConfig.postgres(url, pgUser, pgPassword))) {
          pgRun = new Run(pgRun.engine, pgRun.seconds, pgRun.peakRssKib, pgRun.summary, s.totals());
        }
        report(pgRun, expected);
      } finally {
        try (Connection c = DriverManager.getConnection(pg, pgUser, pgPassword);
            Statement st = c.createStatement()) {
          st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
      }
    }
    if (bare) {
      BarePass.Result r =
          new BarePass(false)
              .run(corpus.resolve("reports"), Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "bare inflate+StAX pass (%d threads): %,d records in %.2f s = %,.0f records/s;"
              + " DuckDB ingest reached %.0f %% of it%n",
          Runtime.getRuntime().availableProcessors(),
          r.records(),
          r.seconds(),
          r.recordsPerSecond(),
          100 * (duck.totals.records() / duck.seconds) / r.recordsPerSecond());
    }
  }

  private static void report(Run r, CorpusGenerator.Totals expected) {
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f s, %,.0f files/s, %,.0f reports/s, %,.0f records/s, peak RSS %,d MiB;"
            + " stored %,d reports / %,d records (expected %,d / %,d: %s)%n",
        r.engine,
        r.seconds,
        expected.files() / r.seconds,
        (expected.reports() + expected.duplicates()) / r.seconds,
        r.totals.records() / r.seconds,
        r.peakRssKib / 1024,
        r.totals.reports(),
        r.totals.records(),
        expected.reports(),
        expected.records(),
        r.totals.reports() == expected.reports() && r.totals.records() == expected.records()
            ? "exact"
            : "MISMATCH");
  }

  private static Run run(
      String engine, Path jar, List<String> jvm, Path corpus, List<String> args, List<String> env)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("ingest");
    cmd.addAll(args);
    cmd.add(corpus.resolve("reports").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    Path log = Files.createTempFile("e2e-" + engine, ".log");
    pb.redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    long peak = 0;
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    while (p.isAlive()) {
      peak = Math.max(peak, vmHwm(status));
      Thread.sleep(100);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String out = Files.readString(log);
    System.out.printf(Locale.ROOT, "--- %s (exit %d):%n%s", engine, p.exitValue(), tail(out, 12));
    return new Run(engine, seconds, peak, out, new StoreTotals(0, 0, 0, 0));
  }

  private static long vmHwm(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended between the check and the read
    }
    return 0;
  }

  private static String tail(String s, int lines) {
    String[] all = s.split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
      sb.append(all[i]).append('\n');
    }
    return sb.toString();
  }
}
