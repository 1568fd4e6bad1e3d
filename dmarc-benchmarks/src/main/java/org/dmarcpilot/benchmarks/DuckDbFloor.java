// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A lower bound for the DuckDB side of an ingest: the rows an ingest of N records writes (reports
 * with their dedup key, records, one DKIM and one SPF result per record; no originals, no failure
 * log, no input table) appended straight through DuckDB's appender from precomputed values, with
 * the ingest's transaction size and settings, into a fresh file with the real schema; then the
 * close with its checkpoint. No parsing, no model objects, no checks: what the store's write cannot
 * go below on this schema.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.DuckDbFloor \
 *     [--records 1000000] [--records-per-report 7] [--batch-records 130000]
 * }</pre>
 */
public final class DuckDbFloor {
  private DuckDbFloor() {}

  /** Runs it and prints CPU and wall time per record. */
  public static void main(String[] args) throws Exception {
    int records = 1_000_000;
    int perReport = 7;
    int batch = 130_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--records-per-report" -> perReport = Integer.parseInt(args[++i]);
        case "--batch-records" -> batch = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("duckdb-floor-");
    // the real schema, by the store's own migrations
    ReportStores.open(StoreConfig.inDataDir(dir)).close();
    Path file = dir.resolve(StoreConfig.DUCKDB_FILE);

    // precomputed values: realistic variety, none of it counted
    SplittableRandom rnd = new SplittableRandom(42);
    String[] ips = new String[200_000];
    for (int i = 0; i < ips.length; i++) {
      ips[i] =
          (rnd.nextInt(223) + 1)
              + "."
              + rnd.nextInt(256)
              + "."
              + rnd.nextInt(256)
              + "."
              + rnd.nextInt(256);
    }
    String[] domains = new String[5_000];
    for (int i = 0; i < domains.length; i++) {
      domains[i] = "domain" + i + (i % 3 == 0 ? ".com" : i % 3 == 1 ? ".org" : ".co.uk");
    }
    String[] orgs = {"google.com", "Outlook.com", "Yahoo", "Mail.Ru", "comcast.net", "GMX"};
    String[] dispositions = {"none", "quarantine", "reject"};
    String[] results = {"pass", "fail"};
    String[] dkimResults = {"pass", "fail", "none", "neutral", "temperror"};
    String[] spfResults = {"pass", "fail", "softfail", "neutral", "none"};
    LocalDateTime day0 = LocalDateTime.of(2026, 1, 1, 0, 0);

    long cpu0 = cpu();
    long t0 = System.nanoTime();
    long appendNanos = 0;
    long commitNanos = 0;
    int reports = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      try (Statement st = c.createStatement()) {
        st.execute("SET threads = 1");
        st.execute("SET memory_limit = '192MB'");
        st.execute("SET checkpoint_threshold = '1GB'");
      }
      c.setAutoCommit(false);
      DuckDBConnection d = c.unwrap(DuckDBConnection.class);
      int written = 0;
      while (written < records) {
        long a0 = System.nanoTime();
        int inBatch = 0;
        try (DuckDBAppender rep =
                d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "aggregate_report");
            DuckDBAppender rec =
                d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "aggregate_record");
            DuckDBAppender dkim =
                d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "aggregate_record_dkim");
            DuckDBAppender spf =
                d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "aggregate_record_spf")) {
          while (inBatch < batch && written < records) {
            long pk = ++reports;
            String domain = domains[rnd.nextInt(domains.length)];
            String org = orgs[rnd.nextInt(orgs.length)];
            LocalDateTime begin = day0.plusDays(rnd.nextInt(365));
            int n = Math.min(perReport, records - written);
            rep.beginRow();
            rep.append(pk);
            rep.append(org);
            rep.append("report-" + pk);
            rep.append(domain);
            rep.append(begin);
            rep.append(begin.plusSeconds(86_399));
            rep.append("noreply-dmarc-support@" + org);
            rep.appendNull();
            rep.appendNull();
            rep.append("1.0");
            rep.append("RFC7489");
            rep.append("none");
            rep.appendNull();
            rep.appendNull();
            rep.append("r");
            rep.append("r");
            rep.append(100);
            rep.appendNull();
            rep.appendNull();
            rep.appendNull();
            rep.appendNull();
            rep.append(n);
            rep.append((long) n * 3);
            rep.append(Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()));
            rep.append("FILE");
            rep.append("/tmp/corpus/reports/" + pk + ".xml.gz");
            rep.appendNull();
            rep.appendNull();
            rep.appendNull();
            rep.append(day0);
            rep.endRow();
            LocalDate reportDay = begin.toLocalDate();
            for (int r = 0; r < n; r++) {
              String ip = ips[rnd.nextInt(ips.length)];
              rec.beginRow();
              rec.append(pk);
              rec.append(r);
              rec.append(domain);
              rec.append(reportDay);
              rec.append(ip);
              rec.append((long) 1 + rnd.nextInt(50));
              rec.append(dispositions[rnd.nextInt(3)]);
              rec.append(results[rnd.nextInt(2)]);
              rec.append(results[rnd.nextInt(2)]);
              rec.append(domain);
              rec.append(domain);
              rec.appendNull();
              rec.appendNull();
              rec.endRow();
              dkim.beginRow();
              dkim.append(pk);
              dkim.append(r);
              dkim.append(0);
              dkim.append(domain);
              dkim.append("selector1");
              dkim.append(dkimResults[rnd.nextInt(dkimResults.length)]);
              dkim.appendNull();
              dkim.endRow();
              spf.beginRow();
              spf.append(pk);
              spf.append(r);
              spf.append(0);
              spf.append(domain);
              spf.append("mfrom");
              spf.append(spfResults[rnd.nextInt(spfResults.length)]);
              spf.appendNull();
              spf.endRow();
            }
            written += n;
            inBatch += n;
          }
          rep.flush();
          rec.flush();
          dkim.flush();
          spf.flush();
        }
        long c0 = System.nanoTime();
        appendNanos += c0 - a0;
        c.commit();
        commitNanos += System.nanoTime() - c0;
      }
      long closeStart = System.nanoTime();
      c.close();
      long closeNanos = System.nanoTime() - closeStart;
      long wall = System.nanoTime() - t0;
      long cpu = cpu() - cpu0;
      System.out.printf(
          Locale.ROOT,
          "DuckDB floor: %,d records in %,d reports: wall %.1f s (append %.1f s, commits %.1f s,"
              + " close %.1f s), process CPU %.1f s = %.1f us per record; file %,d bytes%n",
          records,
          reports,
          wall / 1e9,
          appendNanos / 1e9,
          commitNanos / 1e9,
          closeNanos / 1e9,
          cpu / 1e9,
          cpu / 1e3 / records,
          Files.size(file));
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
