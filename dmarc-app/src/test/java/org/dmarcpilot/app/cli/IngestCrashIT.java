// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.ingest.ReportFiles;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreTotals;
import org.dmarcpilot.app.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety and concurrency of {@code dmarcpilot ingest}, with real child JVMs: one is killed
 * with SIGKILL in the middle and run again; two run at once into one PostgreSQL database. The
 * stored totals must equal the input's exactly.
 */
class IngestCrashIT {
  @TempDir Path dir;

  private static ProcessBuilder ingest(Path log, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "ingest";
    System.arraycopy(args, 0, all, 1, args.length);
    return ChildJvm.dmarcpilot(log, all);
  }

  /** The arguments of the runs stopped midway: small transactions, progress every second. */
  private static String[] midwayArgs(Path in, Path data) {
    return new String[] {
      "--data-dir",
      data.toString(),
      "--batch-records",
      "300",
      "--threads",
      "2",
      "--progress-seconds",
      "1",
      in.toString()
    };
  }

  /**
   * Starts a run and waits until it reports committed reports (the count follows each commit); the
   * size of the write-ahead log is no such sign: a commit with originals writes more than any fixed
   * threshold before it is durable.
   */
  private static Process startUntilFirstCommit(Path log, String[] args, String then)
      throws Exception {
    Process p = ingest(log, args).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (storedSoFar(log) == 0 && p.isAlive()) {
      assertThat(System.nanoTime()).as("no commit within 300 s").isLessThan(until);
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("the first run ended before it could be " + then).isTrue();
    return p;
  }

  /** Runs the same ingest again to its end; returns the totals, checked against the input's. */
  private StoreTotals rerunStoresExactTotals(String[] args, Path data, ReportFiles.Totals expected)
      throws Exception {
    Process second = ingest(dir.resolve("second.log"), args).start();
    awaitWhileProgressing(second, dir.resolve("second.log"), data);
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(data))) {
      StoreTotals t = store.totals();
      assertThat(t.reports()).isEqualTo(expected.reports());
      assertThat(t.records()).isEqualTo(expected.records());
      return t;
    }
  }

  @Test
  void ingest_killedWithSigkillMidway_rerunStoresExactTotals() throws Exception {
    Path in = dir.resolve("in");
    ReportFiles.Totals expected = ReportFiles.write(in, 5000);
    Path data = dir.resolve("data");
    String[] args = midwayArgs(in, data);

    Process first = startUntilFirstCommit(dir.resolve("first.log"), args, "killed");
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);

    long partial;
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(data))) {
      partial = store.totals().reports();
    }
    assertThat(partial).isPositive().isLessThan(expected.reports());

    assertThat(rerunStoresExactTotals(args, data, expected).failures()).isZero();
  }

  @Test
  void ingest_sigtermMidway_closesTheStoreSaysWhatIsStored_rerunStoresExactTotals()
      throws Exception {
    Path in = dir.resolve("in");
    ReportFiles.Totals expected = ReportFiles.write(in, 5000);
    Path data = dir.resolve("data");
    String[] args = midwayArgs(in, data);

    Path firstLog = dir.resolve("first.log");
    Process first = startUntilFirstCommit(firstLog, args, "stopped");
    first.destroy(); // SIGTERM, as a service manager or kill sends it
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    String said = Files.readString(firstLog);
    Matcher m = STOPPED.matcher(said);
    assertThat(m.find()).as(said).isTrue();
    long storedBeforeStop = Long.parseLong(m.group(1).replace(",", ""));
    assertThat(said).contains("running the same command again takes them");
    assertThat(data.resolve(StoreConfig.DUCKDB_FILE + ".wal"))
        .as("the write-ahead log after a clean close (checkpointed)")
        .doesNotExist();
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(data))) {
      assertThat(store.totals().reports())
          .as("what the stopped run said it stored")
          .isEqualTo(storedBeforeStop)
          .isPositive()
          .isLessThan(expected.reports());
    }

    rerunStoresExactTotals(args, data, expected);
  }

  private static final Pattern STOPPED =
      Pattern.compile("stopped before the end \\([0-9,]+ inputs done: ([0-9,]+) reports stored");

  @Test
  void ingest_twoProcessesAtOnceIntoOnePostgres_exactTotals() throws Exception {
    Path in = dir.resolve("in");
    ReportFiles.Totals expected = ReportFiles.write(in, 1500);
    try (TestPostgres db = TestPostgres.create("dmarcpilot_h3_crash")) {
      // migrate first, so that the two runs race on the data, not on the schema
      ReportStores.open(db.config()).close();
      List<Process> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ProcessBuilder pb =
            ingest(
                dir.resolve("run" + i + ".log"),
                "--db",
                db.url(),
                "--data-dir",
                dir.resolve("data" + i).toString(),
                "--batch-records",
                "500",
                in.toString());
        pb.environment().put("DMARCPILOT_DB_USER", db.user());
        pb.environment().put("DMARCPILOT_DB_PASSWORD", db.password());
        runs.add(pb.start());
      }
      for (int i = 0; i < runs.size(); i++) {
        Process p = runs.get(i);
        awaitWhileProgressing(p, dir.resolve("run" + i + ".log"), dir.resolve("data" + i));
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("run" + i + ".log"))).isZero();
      }
      try (ReportStore store = ReportStores.open(db.config())) {
        StoreTotals t = store.totals();
        assertThat(t.reports()).isEqualTo(expected.reports());
        assertThat(t.records()).isEqualTo(expected.records());
      }
      String log0 = Files.readString(dir.resolve("run0.log"));
      String log1 = Files.readString(dir.resolve("run1.log"));
      assertThat(storedIn(log0) + storedIn(log1)).isEqualTo(expected.reports());
    }
  }

  private static final Pattern STORED_SO_FAR = Pattern.compile("files, ([0-9,]+) reports stored");

  /** The reports a running ingest said it has stored (its last progress line), 0 before any. */
  private static long storedSoFar(Path log) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    long last = 0;
    Matcher m = STORED_SO_FAR.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      last = Long.parseLong(m.group(1).replace(",", ""));
    }
    return last;
  }

  /**
   * Waits for a run to end for as long as it makes progress: its log (a progress line every few
   * seconds) or its data directory changes at least every {@value #STALL_SECONDS} seconds. A loaded
   * machine makes a run slow, not stuck; a hang still fails, and nothing is ever killed early.
   */
  private static void awaitWhileProgressing(Process p, Path log, Path data) throws Exception {
    long lastChange = System.nanoTime();
    String last = "";
    while (!p.waitFor(1, TimeUnit.SECONDS)) {
      String now = fingerprint(log) + fingerprint(data);
      if (!now.equals(last)) {
        last = now;
        lastChange = System.nanoTime();
      }
      assertThat(System.nanoTime() - lastChange)
          .as("no progress for %d s:%n%s", STALL_SECONDS, Files.readString(log))
          .isLessThan(TimeUnit.SECONDS.toNanos(STALL_SECONDS));
    }
  }

  private static final int STALL_SECONDS = 120;

  /** Sizes and modification times of a file or of a folder's files. */
  private static String fingerprint(Path p) throws java.io.IOException {
    if (!Files.exists(p)) {
      return "-";
    }
    if (!Files.isDirectory(p)) {
      return Files.size(p) + "@" + Files.getLastModifiedTime(p);
    }
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(p)) {
      for (Path f : files.sorted().toList()) {
        if (Files.isRegularFile(f)) {
          sb.append(f.getFileName()).append(fingerprint(f)).append(';');
        }
      }
    }
    return sb.toString();
  }

  private static long storedIn(String log) {
    for (String line : log.split("\n")) {
      if (line.startsWith("reports stored:")) {
        return Long.parseLong(line.substring(15).trim().replace(",", ""));
      }
    }
    throw new AssertionError("no summary in:\n" + log);
  }
}
