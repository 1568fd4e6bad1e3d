// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmarcpilot serve} stopped the way a service manager or a terminal stops it (SIGTERM,
 * Ctrl-C): the store is closed cleanly and the demo's temporary data directory is removed. A real
 * child JVM, as the launcher runs it.
 */
class ServeSignalIT {
  private static final Pattern DEMO_DIR = Pattern.compile("Demo data: .* in (\\S+)");

  @TempDir Path dir;

  @Test
  void serveDemo_sigterm_closesAndRemovesTheDemoDirectory() throws Exception {
    Path log = dir.resolve("serve.log");
    Process serve = serve(log, "--demo", "--port", "0").start();
    try {
      awaitRunning(serve, log);
      Matcher m = DEMO_DIR.matcher(Files.readString(log));
      assertThat(m.find()).as(Files.readString(log)).isTrue();
      Path demo = Path.of(m.group(1));
      assertThat(demo.resolve(StoreConfig.DUCKDB_FILE)).exists();

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      assertThat(demo).as("the demo's temporary data directory").doesNotExist();
      assertThat(Files.readString(log)).contains("stopping").contains("stopped");
    } finally {
      serve.destroyForcibly();
    }
  }

  @Test
  void serve_sigterm_closesTheStoreCleanly() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("serve.log");
    Process serve = serve(log, "--data-dir", data.toString(), "--port", "0").start();
    try {
      awaitRunning(serve, log);
      // the first start created the admin user: committed, and still in DuckDB's write-ahead log
      Path wal = data.resolve(StoreConfig.DUCKDB_FILE + ".wal");
      assertThat(wal).as("the write-ahead log while serving").exists();

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      assertThat(wal).as("the write-ahead log after a clean close (checkpointed)").doesNotExist();
      assertThat(data.resolve(StoreConfig.DUCKDB_FILE)).exists();
    } finally {
      serve.destroyForcibly();
    }
  }

  private static ProcessBuilder serve(Path log, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return ChildJvm.dmarcpilot(log, all);
  }

  private static void awaitRunning(Process serve, Path log)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains("running at")) {
      assertThat(serve.isAlive()).as("serve ended: " + Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("not running within 120 s").isLessThan(until);
      Thread.sleep(50);
    }
  }
}
