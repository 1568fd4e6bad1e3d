// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ManagedSources#reconcile()} on the real store (DuckDB): an unchanged database restarts
 * nothing, a change written behind this process's back is applied, and the loop of {@link
 * ManagedSources#follow} outlives a database that cannot be read.
 */
class ManagedSourcesReconcileTest {
  @TempDir Path dir;
  private ReportStore store;
  private IngestSupervisor supervisor;
  private final AtomicInteger failReads = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();
  private ManagedSources sources;
  private SqlSourceStore other;

  @BeforeEach
  void open() {
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    supervisor =
        new IngestSupervisor(
            store,
            IngestOptions.defaults().withParserThreads(1),
            () -> IngestListener.NONE,
            Clock.systemUTC());
    SqlDatabase real = StoreBackend.database(store);
    SqlDatabase flaky =
        new SqlDatabase() {
          @Override
          public <T> T read(Work<T> work) {
            reads.incrementAndGet();
            if (failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              throw new IllegalStateException("the database is away (test)");
            }
            return real.read(work);
          }

          @Override
          public <T> T write(Work<T> work) {
            return real.write(work);
          }
        };
    sources =
        new ManagedSources(
            new SqlSourceStore(flaky, Clock.systemUTC()),
            SecretBox.fromBase64(SecretBox.newKey()),
            supervisor,
            ManagedSources.TEST_TIMEOUT,
            new FolderRoots(List.of(dir), dir.resolve("data"), List.of()));
    // another process's view of the same table
    other = new SqlSourceStore(real, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    supervisor.close();
    store.close();
  }

  @Test
  void unchangedStore_reconcileRestartsNothing() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Files.writeString(folder.resolve("1.xml"), SourceReconcileIT.xml("r1"));
    SourceSetting s = sources.add("folder", SourceForms.folder("", folder.toString(), "5", true));
    Path off = Files.createDirectories(dir.resolve("off"));
    SourceSetting disabled =
        sources.add("folder", SourceForms.folder("", off.toString(), "5", false));
    waitFor(() -> state(s).reportsStored() == 1);
    waitFor(() -> state(s).status() == SourceStatus.IDLE);

    // just added here: the passes find nothing to do, and the runner keeps its count (a restarted
    // one starts again from zero)
    for (int i = 0; i < 5; i++) {
      assertThat(sources.reconcile()).isZero();
    }
    assertThat(state(s).reportsStored()).isEqualTo(1);
    assertThat(state(s).threadAlive()).isTrue();
    assertThat(state(disabled).status()).isEqualTo(SourceStatus.STOPPED);

    // changed here: applied at once, and the next pass leaves it alone
    sources.update(s.id(), SourceForms.folder("", folder.toString(), "5", true));
    sources.setEnabled(disabled.id(), true);
    waitFor(() -> state(disabled).status() == SourceStatus.IDLE);
    assertThat(sources.reconcile()).isZero();
  }

  @Test
  void changedBehindItsBack_applied() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Path moved = Files.createDirectories(dir.resolve("moved"));
    SourceSetting s = sources.add("folder", SourceForms.folder("", folder.toString(), "5", true));
    waitFor(() -> state(s).status() == SourceStatus.IDLE);

    SourceSetting changed = new SourceSetting(s.id(), "moved", true, s.interval(), moved, null);
    other.update(changed);
    SourceSetting added =
        other.insert(new SourceSetting(0, "off", false, s.interval(), folder, null));
    assertThat(sources.reconcile()).isEqualTo(2);
    assertThat(state(s).definition().target().describe()).isEqualTo(moved.toString());
    assertThat(state(added).status()).isEqualTo(SourceStatus.STOPPED);
    Files.writeString(moved.resolve("1.xml"), SourceReconcileIT.xml("r1"));
    waitFor(() -> state(s).reportsStored() == 1);

    other.delete(added.id());
    other.update(changed.withEnabled(false));
    assertThat(sources.reconcile()).isEqualTo(2);
    assertThat(supervisor.state(added.supervisorId())).isEmpty();
    assertThat(state(s).status()).isEqualTo(SourceStatus.STOPPED);
    assertThat(sources.reconcile()).isZero();
  }

  @Test
  void follow_storeUnreadable_loggedAndRetried() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    sources.startStored();
    failReads.set(3);
    assertThatThrownBy(sources::reconcile).hasMessageContaining("the database is away");
    int before = reads.get();
    AutoCloseable loop = sources.follow(Duration.ofMillis(20));
    try {
      waitFor(() -> failReads.get() == 0 && reads.get() > before + 3);
      SourceSetting added =
          other.insert(new SourceSetting(0, "added", true, Duration.ofSeconds(5), folder, null));
      waitFor(
          () -> supervisor.state(added.supervisorId()).map(st -> st.threadAlive()).orElse(false));
    } finally {
      loop.close();
    }
    // closed: no more passes
    int after = reads.get();
    Thread.sleep(200);
    assertThat(reads.get()).isEqualTo(after);
  }

  private SourceState state(SourceSetting s) {
    return supervisor.state(s.supervisorId()).orElseThrow();
  }
}
