// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two supervisors, each over a store with a pool of its own on one PostgreSQL database (as two
 * {@code serve} processes are), and one watched folder: one runs it, the other waits on {@link
 * SourceStatus#STANDBY}; stopping, disabling or closing the one that runs it hands it to the other
 * within the lease interval (short here); a lease whose connection breaks stops the source.
 */
class IngestSupervisorLeaseIT {
  private static final Duration LEASE_INTERVAL = Duration.ofMillis(200);
  private static final String ID = "settings-1";

  @TempDir Path dir;
  private TestPostgres db;
  private ReportStore storeA;
  private ReportStore storeB;
  private IngestSupervisor a;
  private IngestSupervisor b;
  private final AtomicBoolean sampling = new AtomicBoolean(true);
  private final List<String> overlaps = new CopyOnWriteArrayList<>();
  private Thread sampler;

  @BeforeEach
  void open() {
    db = TestPostgres.create("dmarcpilot_h18_supervise");
    storeA = ReportStores.open(db.config());
    storeB = ReportStores.open(db.config());
    a = supervisor(storeA);
    b = supervisor(storeB);
  }

  @AfterEach
  void close() throws Exception {
    sampling.set(false);
    if (sampler != null) {
      sampler.join();
    }
    // each is null when PostgreSQL is missing and the test was skipped in open()
    for (AutoCloseable c : new AutoCloseable[] {a, b, storeA, storeB, db}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static IngestSupervisor supervisor(ReportStore store) {
    return new IngestSupervisor(
        store,
        IngestOptions.defaults().withParserThreads(1),
        () -> IngestListener.NONE,
        Clock.systemUTC(),
        store.leases(),
        LEASE_INTERVAL);
  }

  private static SourceDefinition folder(Path path) {
    return SourceDefinition.folder(
        ID, path, Duration.ofMillis(100), SourceDefinition.Origin.SETTINGS);
  }

  private static boolean active(IngestSupervisor s) {
    SourceStatus st = s.state(ID).map(SourceState::status).orElse(SourceStatus.STOPPED);
    return st == SourceStatus.RUNNING || st == SourceStatus.IDLE;
  }

  private static SourceStatus status(IngestSupervisor s) {
    return s.state(ID).orElseThrow().status();
  }

  /** Records any moment both supervisors show the source as running. */
  private void sampleOverlaps() {
    sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                if (active(a) && active(b)) {
                  overlaps.add(a.states() + " / " + b.states());
                }
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
  }

  @Test
  void oneFolder_oneProcessRunsIt_theOtherStandsByAndTakesOver() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("reports"));
    Files.writeString(folder.resolve("1.xml"), IngestSupervisorTest.xml("r1"));
    sampleOverlaps();
    a.start(folder(folder));
    waitFor(() -> a.state(ID).orElseThrow().reportsStored() == 1);
    waitFor(() -> status(a) == SourceStatus.IDLE);
    b.start(folder(folder));
    waitFor(() -> status(b) == SourceStatus.STANDBY);

    // a new file is read by the holder alone, while the other keeps trying the lease
    Files.writeString(folder.resolve("2.xml"), IngestSupervisorTest.xml("r2"));
    waitFor(() -> a.state(ID).orElseThrow().reportsStored() == 2);
    Thread.sleep(LEASE_INTERVAL.toMillis() * 5);
    assertThat(status(b)).isEqualTo(SourceStatus.STANDBY);
    assertThat(b.state(ID).orElseThrow().reportsStored()).isZero();
    assertThat(b.state(ID).orElseThrow().threadAlive()).isTrue();

    // disabling the source in the holder hands it over
    a.disable(folder(folder));
    waitFor(() -> status(b) == SourceStatus.IDLE);
    Files.writeString(folder.resolve("3.xml"), IngestSupervisorTest.xml("r3"));
    waitFor(() -> b.state(ID).orElseThrow().reportsStored() == 1);

    // started again (a changed definition, say) it waits for the new holder
    a.start(folder(folder));
    waitFor(() -> status(a) == SourceStatus.STANDBY);

    // closing the holder (the process stops) hands the source back
    b.close();
    waitFor(() -> status(a) == SourceStatus.IDLE);
    Files.writeString(folder.resolve("4.xml"), IngestSupervisorTest.xml("r4"));
    waitFor(() -> a.state(ID).orElseThrow().reportsStored() == 1);
    assertThat(storeA.totals().reports()).isEqualTo(4);
    assertThat(a.state(ID).orElseThrow().duplicates()).isZero();

    sampling.set(false);
    sampler.join();
    assertThat(overlaps).as("moments both ran the source").isEmpty();
  }

  @Test
  void leaseConnectionBreaks_holderStopsTheSourceAndOneRunsItAgain() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("reports"));
    Files.writeString(folder.resolve("1.xml"), IngestSupervisorTest.xml("r1"));
    a.start(folder(folder));
    waitFor(() -> storeA.totals().reports() == 1);
    waitFor(() -> status(a) == SourceStatus.IDLE);
    b.start(folder(folder));
    waitFor(() -> status(b) == SourceStatus.STANDBY);

    assertThat(terminateLeaseSessions()).isEqualTo(1);
    waitFor(
        () ->
            a.state(ID).orElseThrow().lastError() != null
                && a.state(ID).orElseThrow().lastError().contains("lease on this source was lost"));
    // one of the two runs it again, the other stands by
    waitFor(
        () ->
            (active(a) && status(b) == SourceStatus.STANDBY)
                || (active(b) && status(a) == SourceStatus.STANDBY));
    Files.writeString(folder.resolve("2.xml"), IngestSupervisorTest.xml("r2"));
    waitFor(() -> storeA.totals().reports() == 2);
  }

  /** Ends the sessions holding a lease (a dropped connection, a restarted server). */
  private int terminateLeaseSessions() throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid, 10000))"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND a.datname = current_database()"
                    + " AND a.application_name = 'dmarcpilot source lease'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
