// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.SourceLeases;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor over watched folders on the real store: start, state, disable, change, remove. */
class IngestSupervisorTest {
  @TempDir Path dir;

  static String xml(String id) {
    return "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>r.example</org_name>"
        + "<email>r@r.example</email><report_id>"
        + id
        + "</report_id><date_range><begin>1714521600</begin><end>1714607999</end></date_range>"
        + "</report_metadata><policy_published><domain>example.com</domain><p>none</p>"
        + "</policy_published><record><row><source_ip>192.0.2.1</source_ip><count>2</count>"
        + "<policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf>"
        + "</policy_evaluated></row><identifiers><header_from>example.com</header_from>"
        + "</identifiers><auth_results><spf><domain>example.com</domain><result>pass</result>"
        + "</spf></auth_results></record></feedback>";
  }

  @Test
  void folder_startedDisabledChangedRemoved_stateAndThreadFollow() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("1.xml"), xml("a1"));
    Files.writeString(a.resolve("junk.xml"), "not a report");
    AtomicInteger runs = new AtomicInteger();
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
        IngestSupervisor s =
            new IngestSupervisor(
                store,
                IngestOptions.defaults().withParserThreads(1),
                () -> {
                  runs.incrementAndGet();
                  return new IngestListener() {
                    @Override
                    public void progress(IngestProgress p) {}
                  };
                },
                Clock.systemUTC())) {
      SourceDefinition d =
          SourceDefinition.folder("f", a, Duration.ofMillis(200), SourceDefinition.Origin.SETTINGS);
      s.start(d);
      waitFor(() -> s.state("f").orElseThrow().reportsStored() == 1);
      waitFor(() -> s.state("f").orElseThrow().rejected() == 1);
      SourceState running = s.state("f").orElseThrow();
      assertThat(running.threadAlive()).isTrue();
      assertThat(running.lastInput()).isNotNull();
      waitFor(() -> s.state("f").orElseThrow().status() == SourceStatus.IDLE);
      assertThat(s.state("f").orElseThrow().lastRun()).isNotNull();

      s.disable(d);
      SourceState stopped = s.state("f").orElseThrow();
      assertThat(stopped.status()).isEqualTo(SourceStatus.STOPPED);
      assertThat(stopped.threadAlive()).isFalse();
      assertThat(alive("dmarcpilot-source-f")).isFalse();
      Files.writeString(a.resolve("2.xml"), xml("a2"));
      Thread.sleep(1000);
      assertThat(store.totals().reports()).isEqualTo(1);

      // changed to another folder: the new definition runs, the old folder is no longer read
      Files.writeString(b.resolve("3.xml"), xml("b3"));
      s.start(
          SourceDefinition.folder(
              "f", b, Duration.ofMillis(200), SourceDefinition.Origin.SETTINGS));
      waitFor(() -> store.totals().reports() == 2);
      Thread.sleep(800);
      assertThat(store.totals().reports()).isEqualTo(2); // a2 stays unread
      assertThat(runs.get()).isEqualTo(2);

      assertThat(s.remove("f")).isTrue();
      assertThat(s.states()).isEmpty();
      assertThat(alive("dmarcpilot-source-f")).isFalse();
      assertThat(s.remove("f")).isFalse();
    }
  }

  @Test
  void folder_missing_reconnectingWithTheErrorThenRunsWhenItAppears() throws Exception {
    Path later = dir.resolve("later");
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
        IngestSupervisor s =
            new IngestSupervisor(
                store,
                IngestOptions.defaults().withParserThreads(1),
                () -> IngestListener.NONE,
                Clock.systemUTC())) {
      s.start(
          SourceDefinition.folder(
              "m", later, Duration.ofMillis(200), SourceDefinition.Origin.CONFIGURATION));
      waitFor(() -> s.state("m").orElseThrow().status() == SourceStatus.RECONNECTING);
      assertThat(s.state("m").orElseThrow().lastError())
          .contains(later.toString(), "does not exist");
      Files.createDirectories(later);
      Files.writeString(later.resolve("x.xml"), xml("m1"));
      waitFor(() -> store.totals().reports() == 1);
      waitFor(() -> s.state("m").orElseThrow().status() == SourceStatus.IDLE);
    }
  }

  @Test
  void duckDb_everyLeaseGranted_sourceRunsAtOnce() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Files.writeString(a.resolve("1.xml"), xml("l1"));
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      // one process holds the DuckDB file: no other process can run its sources
      try (SourceLeases.SourceLease first = store.leases().tryAcquire("source:f").orElseThrow();
          SourceLeases.SourceLease second = store.leases().tryAcquire("source:f").orElseThrow()) {
        assertThat(first.held()).isTrue();
        assertThat(second.held()).isTrue();
      }
      try (IngestSupervisor s =
          new IngestSupervisor(
              store,
              IngestOptions.defaults().withParserThreads(1),
              () -> IngestListener.NONE,
              Clock.systemUTC())) {
        s.start(
            SourceDefinition.folder(
                "f", a, Duration.ofMillis(200), SourceDefinition.Origin.SETTINGS));
        waitFor(() -> s.state("f").orElseThrow().reportsStored() == 1);
        waitFor(() -> s.state("f").orElseThrow().status() == SourceStatus.IDLE);
      }
    }
  }

  private static boolean alive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  private static void waitFor(BooleanSupplier c) throws InterruptedException {
    Wait.waitFor(Duration.ofSeconds(20), c);
  }
}
