// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmarcpilot users} in a second process while this one holds the DuckDB file, as a running
 * {@code serve} does: a clear message that says what to do, exit code 2.
 */
class UsersCommandInUseIT {
  @TempDir Path dir;

  @Test
  void duckDbHeldByAnotherProcess_saysToStopServe_exitTwo() throws Exception {
    try (ReportStore held = ReportStores.open(StoreConfig.inDataDir(dir))) {
      Process p =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx128m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      Main.class.getName(),
                      "users",
                      "reset-password",
                      "admin",
                      "--data-dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).as(output).isEqualTo(2);
      assertThat(output)
          .contains("dmarcpilot users reset-password: the DuckDB database")
          .contains(StoreConfig.DUCKDB_FILE)
          .contains("is open in another process")
          .contains("stop serve, run this command and start serve again")
          .contains("Settings")
          .doesNotContain("Password (shown");
      assertThat(held.totals().reports()).as("the holder's store still works").isZero();
    }
  }
}
