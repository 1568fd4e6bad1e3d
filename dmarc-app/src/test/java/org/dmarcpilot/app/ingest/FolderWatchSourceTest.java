// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatchSourceTest {
  @TempDir Path dir;

  @Test
  void watch_newFilesPickedUp_eachContentOnce() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.xml"), ReportFiles.xml("w1", 2));
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      FolderWatchSource watch = new FolderWatchSource(in, store, Duration.ofMillis(100));
      AtomicReference<IngestSummary> result = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  result.set(
                      new IngestPipeline(
                              store,
                              CoreReportParser.withFailureCopy(1024),
                              IngestOptions.defaults(),
                              IngestListener.NONE)
                          .run(List.of(watch)));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      waitFor(() -> store.totals().reports() == 1);
      Files.writeString(in.resolve("b.xml"), ReportFiles.xml("w2", 3));
      // the same content under another name is not handled again
      Files.copy(in.resolve("a.xml"), in.resolve("copy-of-a.xml"));
      waitFor(() -> store.totals().reports() == 2);
      Thread.sleep(600);
      watch.stop();
      t.join(10_000);

      assertThat(result.get().inputs()).isEqualTo(2);
      assertThat(result.get().duplicates()).isZero();
      assertThat(store.totals().records()).isEqualTo(5);
    }
  }
}
