// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.TestPostgres;
import org.dmarcpilot.app.web.backend.BackgroundIngest;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes on one PostgreSQL database (each with a store and pool of its own, a
 * background ingestion and its managed sources following the database every 200 ms): a source
 * added, disabled, removed or changed under Settings in one reaches the other.
 */
class SourceReconcileIT {
  private static final Duration FOLLOW = Duration.ofMillis(200);

  @TempDir Path dir;
  private TestPostgres db;
  private SecretBox box;
  private Process a;
  private Process b;

  /** One process: its store, background ingestion and managed sources. */
  private record Process(ReportStore store, BackgroundIngest ingest, ManagedSources sources)
      implements AutoCloseable {
    static Process open(TestPostgres db, SecretBox box, FolderRoots roots) {
      ReportStore store = ReportStores.open(db.config());
      BackgroundIngest ingest =
          BackgroundIngest.start(
              store,
              List.of(),
              IngestOptions.defaults().withParserThreads(1),
              new SimpleMeterRegistry(),
              () -> {},
              Clock.systemUTC());
      ManagedSources sources = ingest.managed(box, roots, FOLLOW);
      sources.startStored();
      return new Process(store, ingest, sources);
    }

    Optional<SourceState> state(SourceSetting s) {
      return ingest.supervisor().state(s.supervisorId());
    }

    SourceStatus status(SourceSetting s) {
      return state(s).map(SourceState::status).orElse(null);
    }

    boolean active(SourceSetting s) {
      SourceStatus st = status(s);
      return st == SourceStatus.RUNNING || st == SourceStatus.IDLE;
    }

    @Override
    public void close() {
      ingest.close();
      store.close();
    }
  }

  @BeforeEach
  void open() {
    db = TestPostgres.create("dmarcpilot_h20_reconcile");
    box = SecretBox.fromBase64(SecretBox.newKey());
  }

  @AfterEach
  void close() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** A one-record report (only the number of stored reports matters here). */
  static String xml(String id) {
    return ReportFixtures.report(id, 1, 2);
  }

  /**
   * A folder source added in process B and read by it; process A starts afterwards (so it knows the
   * source from its start, without following anything) and stands by.
   */
  private SourceSetting runningInB(Path folder) throws Exception {
    b = Process.open(db, box, new FolderRoots(List.of(dir), dir.resolve("data"), List.of()));
    Files.writeString(folder.resolve("1.xml"), xml("r1"));
    SourceSetting s =
        b.sources().add("folder", SourceForms.folder("", folder.toString(), "5", true));
    waitFor(() -> b.store().totals().reports() == 1);
    waitFor(() -> b.status(s) == SourceStatus.IDLE);
    a = Process.open(db, box, new FolderRoots(List.of(dir), dir.resolve("data"), List.of()));
    waitFor(() -> a.status(s) == SourceStatus.STANDBY);
    return s;
  }

  @Test
  void addedInA_appearsInB() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Path off = Files.createDirectories(dir.resolve("off"));
    a = Process.open(db, box, new FolderRoots(List.of(dir), dir.resolve("data"), List.of()));
    b = Process.open(db, box, new FolderRoots(List.of(dir), dir.resolve("data"), List.of()));
    SourceSetting s =
        a.sources().add("folder", SourceForms.folder("", folder.toString(), "5", true));
    SourceSetting disabled =
        a.sources().add("folder", SourceForms.folder("", off.toString(), "5", false));
    waitFor(() -> b.status(s) == SourceStatus.STANDBY);
    waitFor(() -> b.status(disabled) == SourceStatus.STOPPED);
    assertThat(b.state(s).orElseThrow().definition().target().describe())
        .isEqualTo(folder.toString());
    assertThat(b.state(disabled).orElseThrow().definition().target().describe())
        .isEqualTo(off.toString());
    assertThat(a.active(s)).isTrue();
    assertThat(a.status(disabled)).isEqualTo(SourceStatus.STOPPED);
  }

  @Test
  void disabledInA_stopsInBWhichRanIt_andStaysStopped() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    SourceSetting s = runningInB(folder);

    assertThat(a.sources().setEnabled(s.id(), false)).isTrue();
    waitFor(() -> b.status(s) == SourceStatus.STOPPED);
    assertThat(a.status(s)).isEqualTo(SourceStatus.STOPPED);
    assertThat(b.state(s).orElseThrow().threadAlive()).isFalse();

    // neither process runs it afterwards: a new file stays unread over many passes
    Files.writeString(folder.resolve("2.xml"), xml("r2"));
    Thread.sleep(FOLLOW.toMillis() * 10);
    assertThat(a.status(s)).isEqualTo(SourceStatus.STOPPED);
    assertThat(b.status(s)).isEqualTo(SourceStatus.STOPPED);
    assertThat(a.store().totals().reports()).isEqualTo(1);

    // enabled again in A, one of the two reads the new file
    assertThat(a.sources().setEnabled(s.id(), true)).isTrue();
    waitFor(() -> a.store().totals().reports() == 2);
    waitFor(
        () ->
            (a.active(s) && b.status(s) == SourceStatus.STANDBY)
                || (b.active(s) && a.status(s) == SourceStatus.STANDBY));
  }

  @Test
  void removedInA_isRemovedFromB() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    SourceSetting s = runningInB(folder);

    assertThat(a.sources().delete(s.id())).isTrue();
    waitFor(() -> b.state(s).isEmpty());
    assertThat(a.state(s)).isEmpty();
    assertThat(b.ingest().supervisor().states()).isEmpty();
    Files.writeString(folder.resolve("2.xml"), xml("r2"));
    Thread.sleep(FOLLOW.toMillis() * 10);
    assertThat(a.store().totals().reports()).isEqualTo(1);
    assertThat(b.ingest().supervisor().states()).isEmpty();
  }

  @Test
  void folderChangedInA_isReadWithTheNewPath() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Path moved = Files.createDirectories(dir.resolve("moved"));
    SourceSetting s = runningInB(folder);

    assertThat(a.sources().update(s.id(), SourceForms.folder("", moved.toString(), "5", true)))
        .isPresent();
    waitFor(
        () ->
            b.state(s)
                .map(st -> st.definition().target().describe().equals(moved.toString()))
                .orElse(false));
    Files.writeString(moved.resolve("2.xml"), xml("r2"));
    waitFor(() -> a.store().totals().reports() == 2);
    // the old folder is no longer read by either
    Files.writeString(folder.resolve("3.xml"), xml("r3"));
    Thread.sleep(FOLLOW.toMillis() * 10);
    assertThat(a.store().totals().reports()).isEqualTo(2);
    SourceDefinition.Target target = b.state(s).orElseThrow().definition().target();
    assertThat(target.describe()).isEqualTo(moved.toString());
    waitFor(
        () ->
            (a.active(s) && b.status(s) == SourceStatus.STANDBY)
                || (b.active(s) && a.status(s) == SourceStatus.STANDBY));
  }
}
