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
      Thread t = PipelineThreads.start(store, watch, 1024, result);
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

  /**
   * A file the server cannot read (here a link to {@code /proc/self/mem}, which fails with an I/O
   * error even for root; a {@code chmod 000} file does the same for a service user) ended every
   * look at the folder with an error: the source showed "retrying" for good and the files that came
   * after it in the walk were never picked up. It is now rejected once, by name, and the rest is
   * read.
   */
  @Test
  void watch_anUnreadableFile_isRejectedOnceByName_andTheRestIsRead() throws Exception {
    Path mem = Path.of("/proc/self/mem");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(mem), "Linux /proc needed");
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.createSymbolicLink(in.resolve("broken.xml"), mem);
    for (int i = 0; i < 20; i++) {
      Files.writeString(in.resolve("r" + i + ".xml"), ReportFiles.xml("u" + i, 1));
    }
    List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
    SourceEvents events =
        new SourceEvents() {
          @Override
          public void retrying(String error) {
            retries.add(error);
          }
        };
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      FolderWatchSource watch = new FolderWatchSource(in, store, Duration.ofMillis(100), events);
      AtomicReference<IngestSummary> result = new AtomicReference<>();
      Thread t = PipelineThreads.start(store, watch, 1024, result);
      waitFor(() -> store.totals().reports() == 20 && store.failures(10).size() == 1);
      Thread.sleep(600); // several more looks: the file is not rejected again
      watch.stop();
      t.join(10_000);

      assertThat(retries).isEmpty();
      assertThat(store.failures(10))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.source().path()).endsWith("broken.xml");
                assertThat(f.reason()).contains("broken.xml: cannot read: ");
              });
      assertThat(result.get().rejected()).isEqualTo(1);
    }
  }

  /**
   * A watch that does not follow links (a folder added from the dashboard) never reads through a
   * link: a link to a file outside the folder, to a folder outside it, and to a file inside it are
   * each rejected once by name, with no bytes kept, while the real files are read. Before, a link
   * to a file was read, and a file that held no report was kept in the failure log, where the
   * dashboard serves it.
   */
  @Test
  void watch_notFollowingLinks_rejectsEachLinkByName_unread() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path key = Files.writeString(secrets.resolve("secret.key"), "the-sealing-key");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("r.xml"), ReportFiles.xml("real", 1));
    Files.writeString(in.resolve("report-copy.xml"), ReportFiles.xml("linked", 1));
    Files.createSymbolicLink(in.resolve("key.xml"), key);
    Files.createSymbolicLink(in.resolve("outside"), secrets);
    Files.createSymbolicLink(in.resolve("inside.xml"), in.resolve("report-copy.xml"));
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      FolderWatchSource watch =
          new FolderWatchSource(in, store, Duration.ofMillis(100), SourceEvents.NONE, false);
      AtomicReference<IngestSummary> result = new AtomicReference<>();
      Thread t = PipelineThreads.start(store, watch, 1024, result);
      waitFor(() -> store.totals().reports() == 2 && store.failures(10).size() == 3);
      Thread.sleep(600); // several more looks: nothing is rejected again
      watch.stop();
      t.join(10_000);

      assertThat(store.failures(10))
          .allSatisfy(
              f -> {
                assertThat(f.reason())
                    .contains("a symbolic link; links are not followed")
                    .doesNotContain("the-sealing-key");
                assertThat(f.original()).isEmpty();
              })
          .extracting(f -> Path.of(f.source().path()).getFileName().toString())
          .containsExactlyInAnyOrder("key.xml", "outside", "inside.xml");
      assertThat(result.get().rejected()).isEqualTo(3);
    }
  }

  /** The configuration's folders ({@code watch.dirs}) still read a link to a file, as before. */
  @Test
  void watch_followingLinks_readsALinkToAFile() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path report = Files.writeString(elsewhere.resolve("r.xml"), ReportFiles.xml("via-link", 1));
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.createSymbolicLink(in.resolve("r.xml"), report);
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      FolderWatchSource watch =
          new FolderWatchSource(in, store, Duration.ofMillis(100), SourceEvents.NONE, true);
      AtomicReference<IngestSummary> result = new AtomicReference<>();
      Thread t = PipelineThreads.start(store, watch, 1024, result);
      waitFor(() -> store.totals().reports() == 1);
      watch.stop();
      t.join(10_000);
      assertThat(store.failures(10)).isEmpty();
    }
  }
}
