// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import com.google.common.net.InetAddresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.enrich.BackgroundEnrichment;
import org.dmarcpilot.app.enrich.DnsReverseLookups;
import org.dmarcpilot.app.enrich.Enrichment;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsEnricher;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.ingest.TestMailbox;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.SourceKind;
import org.dmarcpilot.app.store.SourceLeases.SourceLease;
import org.dmarcpilot.app.store.StoreEngine;
import org.dmarcpilot.app.store.StoreTotals;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.sources.FolderRoots;
import org.dmarcpilot.app.web.sources.ManagedSources;
import org.dmarcpilot.app.web.sources.SourceForms;
import org.dmarcpilot.app.web.sources.SourceSetting;
import org.dmarcpilot.app.web.sql.SqlTrafficQueries;
import org.dmarcpilot.app.web.sql.TrafficRollup;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackgroundIngest} wired as {@code serve} wires it (the traffic rollup and the analyses
 * refreshed and background enrichment nudged after reports were stored), over a real store: files
 * dropped into a watched folder are stored once with their provenance, a file that holds no report
 * is kept in the failure log, a resent report counts as a duplicate, the totals, the metrics, the
 * handled-input records, the IP facts enrichment writes and the analyses all follow, and a restart
 * stores nothing again; a folder managed under Settings is kept in the store and runs again after a
 * restart; an IMAP account of the configuration (a GreenMail server in the test JVM) stores the
 * reports of its messages once with the message they came from, logs a message that holds none,
 * moves each message to the done or failed folder, reads a message that arrives while it idles, and
 * after a restart reads only new mail (on PostgreSQL under the source's lease). Run on each engine
 * by a subclass.
 */
abstract class BackgroundIngestContract {
  /** How often the tests' folders are looked at. */
  static final Duration LOOK = Duration.ofMillis(100);

  /** A little more than how often an ingest run reports its progress (the state's counters). */
  static final Duration PROGRESS_TICK = Duration.ofMillis(1_200);

  /** How long the tests wait for what the background ingest does. */
  static final Duration LIMIT = Duration.ofSeconds(20);

  /** The day of {@link org.dmarcpilot.testing.ReportFixtures#report}'s reports. */
  static final LocalDate DAY = LocalDate.parse("2021-01-01");

  /** Reverse DNS for the first source address, forward-confirmed; the others have none. */
  private static final String ZONE =
      """
      1.2.0.192.in-addr.arpa.   3600 IN PTR mail.example.com.
      mail.example.com.         3600 IN A   192.0.2.1
      """;

  @TempDir Path dir;

  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  /** What {@code serve} runs around the background ingest, over one store. */
  private static final class Serve implements AutoCloseable {
    final ReportStore store;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final AtomicInteger refreshed = new AtomicInteger();
    final TrafficRollup rollup;
    final DomainAnalyses analyses;
    final ReverseDnsEnricher enricher;
    final BackgroundEnrichment enrichment;
    final BackgroundIngest ingest;

    Serve(TestStore s, List<SourceDefinition> configured) {
      store = s.store();
      Clock clock = Clock.systemUTC();
      rollup = new TrafficRollup(s.reader());
      rollup.rebuild();
      analyses =
          StoreAnalyses.open(
              store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, d -> null, clock);
      enricher =
          new ReverseDnsEnricher(
              new DnsReverseLookups(InMemoryDnsResolver.fromZone(ZONE)),
              PublicSuffixList.guava()::organizationalDomain,
              GeoIp.absent(),
              4,
              Duration.ofSeconds(5));
      enrichment =
          new BackgroundEnrichment(
                  new Enrichment(enricher, new StoreIpFactsCache(store), clock),
                  new StoreIpFactsCache(store),
                  analyses::factsChanged,
                  clock,
                  256,
                  4096)
              .start(Duration.ofMinutes(5));
      // as serve: after reports were stored the web refreshes its rollup (and with it the
      // analyses) and enrichment is nudged
      ingest =
          BackgroundIngest.start(
              store,
              configured,
              IngestOptions.defaults().withParserThreads(1),
              metrics,
              () -> {
                refreshed.incrementAndGet();
                if (rollup.refresh()) {
                  analyses.invalidateAll();
                }
                enrichment.nudge();
              },
              clock);
    }

    double counter(String name) {
      return metrics.counter(name).count();
    }

    SourceState state(String id) {
      return ingest.supervisor().state(id).orElseThrow();
    }

    @Override
    public void close() {
      ingest.close();
      enrichment.close();
      enricher.close();
      analyses.close();
    }
  }

  @Test
  void droppedFiles_storedOnce_failureLogged_enrichedAndAnalysed_restartStoresNothingAgain()
      throws Exception {
    Path folder = Files.createDirectories(dir.resolve("watched"));
    SourceDefinition watched =
        SourceDefinition.folder(
            "config-folder-1", folder, LOOK, SourceDefinition.Origin.CONFIGURATION);
    byte[] letter = utf8("Dear postmaster, this is a letter and not a DMARC report.\n");
    Map<String, byte[]> files = new TreeMap<>();
    files.put("a.xml", utf8(report("BG-A", 3, 5)));
    files.put("sub/b.xml.gz", gzip(utf8(report("BG-B", 2, 4))));
    files.put(
        "c.zip", zip("c1.xml", utf8(report("BG-C1", 1, 7)), "c2.xml", utf8(report("BG-C2", 4, 2))));
    files.put("letter.txt", letter);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = folder.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    StoreTotals first = new StoreTotals(4, 3 + 2 + 1 + 4, 15 + 8 + 7 + 8, 1);

    try (TestStore s = open("bg_ingest")) {
      Serve serve = new Serve(s, List.of(watched));
      try {
        waitFor(() -> s.store().totals().equals(first) && handled(s).size() == files.size());
        // the report of a.xml again, in other bytes: a duplicate, not an error
        byte[] resent = utf8(report("BG-A", 3, 5) + "<!-- resent -->\n");
        Files.write(folder.resolve("resent.xml"), resent);
        files.put("resent.xml", resent);
        String resentSha = sha(resent);
        waitFor(() -> serve.state(watched.id()).duplicates() == 1);
        waitFor(() -> handled(s).containsKey(resentSha));
        assertThat(s.store().totals()).isEqualTo(first);
        SourceState st = serve.state(watched.id());
        assertThat(st.reportsStored()).isEqualTo(4);
        assertThat(st.duplicates()).isEqualTo(1);
        assertThat(st.rejected()).isEqualTo(1);

        // each report once, with the file (and archive member) it came from
        assertThat(stored(s))
            .containsExactly(
                "BG-A FILE " + folder.resolve("a.xml") + " null",
                "BG-B FILE " + folder.resolve("sub/b.xml.gz") + " null",
                "BG-C1 FILE " + folder.resolve("c.zip") + " member \"c1.xml\"",
                "BG-C2 FILE " + folder.resolve("c.zip") + " member \"c2.xml\"");
        // every file recorded as handled once, by its content, with the reports it held (the
        // resent one's included) and its failures
        Map<String, String> expectedHandled = new TreeMap<>();
        expectedHandled.put(sha(files.get("a.xml")), "file " + folder.resolve("a.xml") + " 1 0");
        expectedHandled.put(
            sha(files.get("sub/b.xml.gz")), "file " + folder.resolve("sub/b.xml.gz") + " 1 0");
        expectedHandled.put(sha(files.get("c.zip")), "file " + folder.resolve("c.zip") + " 2 0");
        expectedHandled.put(sha(letter), "file " + folder.resolve("letter.txt") + " 0 1");
        expectedHandled.put(resentSha, "file " + folder.resolve("resent.xml") + " 1 0");
        assertThat(handled(s)).isEqualTo(expectedHandled);
        files.values().forEach(b -> assertThat(s.store().isInputDone(sha(b))).isTrue());

        // the letter in the failure log, with the file's name, the reason and its bytes
        IngestFailure f = s.store().failures(10).get(0);
        assertThat(s.store().failures(10)).hasSize(1);
        assertThat(f.source().kind()).isEqualTo(SourceKind.FILE);
        assertThat(f.source().path()).isEqualTo(folder.resolve("letter.txt").toString());
        assertThat(f.reason()).contains("letter.txt").containsIgnoringCase("not a");
        assertThat(f.original()).isEqualTo(letter);

        // the metrics serve exports
        waitFor(
            () ->
                serve.counter("dmarcpilot.ingest.rejected") == 1
                    && serve.counter("dmarcpilot.ingest.reports.stored") == 4
                    && serve.counter("dmarcpilot.ingest.reports.duplicate") == 1
                    && serve.counter("dmarcpilot.ingest.records") == 10);
        assertThat(serve.refreshed.get()).isPositive();

        // background enrichment, nudged after the ingest, cached the facts of every address
        List<InetAddress> ips = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
          ips.add(InetAddresses.forString("192.0.2." + i));
        }
        StoreIpFactsCache cache = new StoreIpFactsCache(s.store());
        waitFor(() -> cache.find(ips, Instant.now()).size() == 4);
        Map<InetAddress, IpFacts> facts = cache.find(ips, Instant.now());
        assertThat(facts.get(ips.get(0)).reverseDns()).isEqualTo(ReverseDnsStatus.FOUND);
        assertThat(facts.get(ips.get(0)).ptr()).isEqualTo("mail.example.com");
        assertThat(facts.get(ips.get(0)).forwardConfirmed()).isTrue();
        for (InetAddress ip : ips.subList(1, 4)) {
          assertThat(facts.get(ip).reverseDns()).as(ip.toString()).isEqualTo(ReverseDnsStatus.NONE);
        }
        assertThat(count(s, "SELECT COUNT(*) FROM ip_facts")).isEqualTo(4);

        // the analyses and the rollup see the stored reports; a later file is seen too (the
        // refresh after the ingest makes the kept analysis go)
        DomainSnapshot seen = serve.analyses.snapshot("example.com", DAY, DAY);
        assertThat(seen.total().messages()).isEqualTo(38);
        assertThat(seen.records()).isEqualTo(10);
        waitFor(() -> traffic(serve) == 38);
        Files.write(folder.resolve("later.xml"), utf8(report("BG-L", 1, 100)));
        waitFor(() -> s.store().totals().reports() == 5);
        waitFor(() -> serve.analyses.snapshot("example.com", DAY, DAY).total().messages() == 138);
        waitFor(() -> traffic(serve) == 138);
      } finally {
        serve.close();
      }
      StoreTotals before = s.store().totals();
      assertThat(before).isEqualTo(new StoreTotals(5, 11, 138, 1));

      // a restart: the same folder, a new process' state; only the new file is stored
      Files.write(folder.resolve("after-restart.xml"), utf8(report("BG-R", 2, 3)));
      try (Serve again = new Serve(s, List.of(watched))) {
        waitFor(() -> s.store().totals().reports() == 6);
        waitFor(() -> again.state(watched.id()).reportsStored() == 1);
        waitForLooks(again, watched.id(), 3);
        Thread.sleep(PROGRESS_TICK.toMillis()); // what those looks handed over is counted
        SourceState st = again.state(watched.id());
        assertThat(st.reportsStored()).as(st.toString()).isEqualTo(1);
        assertThat(st.duplicates()).as("files handled before are not read again").isZero();
        assertThat(st.rejected()).as("the letter is not read again").isZero();
        assertThat(s.store().totals()).isEqualTo(new StoreTotals(6, 13, 144, 1));
        assertThat(s.store().failures(10)).hasSize(1);
        assertThat(again.counter("dmarcpilot.ingest.reports.duplicate")).isZero();
        assertThat(again.counter("dmarcpilot.ingest.rejected")).isZero();
        assertThat(handled(s)).hasSize(files.size() + 2);
        waitFor(() -> again.analyses.snapshot("example.com", DAY, DAY).total().messages() == 144);
        assertThat(count(s, "SELECT COUNT(*) FROM ip_facts")).isEqualTo(4);
      }
    }
  }

  @Test
  void folderManagedUnderSettings_keptInTheStore_runsAgainAfterRestart() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("managed"));
    Files.write(folder.resolve("m1.xml"), utf8(report("BG-M1", 2, 6)));
    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    FolderRoots roots = new FolderRoots(List.of(dir), dir.resolve("data"), List.of());
    try (TestStore s = open("bg_managed")) {
      SourceSetting added;
      try (Serve serve = new Serve(s, List.of())) {
        ManagedSources managed = serve.ingest.managed(box, roots, Duration.ofMillis(200));
        assertThatThrownBy(() -> serve.ingest.managed(box, roots))
            .isInstanceOf(IllegalStateException.class);
        managed.startStored();
        added = managed.add("folder", SourceForms.folder("reports", folder.toString(), "5", true));
        waitFor(() -> s.store().totals().reports() == 1);
        waitFor(() -> serve.state(added.supervisorId()).reportsStored() == 1);
        assertThat(count(s, "SELECT COUNT(*) FROM web_ingest_source")).isEqualTo(1);
      }
      assertThat(s.store().totals()).isEqualTo(new StoreTotals(1, 2, 12, 0));

      Files.write(folder.resolve("m2.xml"), utf8(report("BG-M2", 1, 9)));
      try (Serve again = new Serve(s, List.of())) {
        ManagedSources managed = again.ingest.managed(box, roots, Duration.ofMillis(200));
        managed.startStored();
        assertThat(managed.find(added.id())).isPresent();
        waitFor(() -> s.store().totals().reports() == 2);
        waitFor(() -> again.state(added.supervisorId()).reportsStored() == 1);
        waitForLooks(again, added.supervisorId(), 1);
        Thread.sleep(PROGRESS_TICK.toMillis());
        SourceState st = again.state(added.supervisorId());
        assertThat(st.reportsStored()).isEqualTo(1);
        assertThat(st.duplicates()).isZero();
        assertThat(s.store().totals()).isEqualTo(new StoreTotals(2, 3, 21, 0));
        assertThat(stored(s))
            .containsExactly(
                "BG-M1 FILE " + folder.resolve("m1.xml") + " null",
                "BG-M2 FILE " + folder.resolve("m2.xml") + " null");
      }
    }
  }

  @Test
  void imapAccount_reportsStoredOnceAndMoved_letterToFailed_newMailRead_restartStoresNothingAgain()
      throws Exception {
    try (TestMailbox mail = TestMailbox.start();
        TestStore s = open("bg_imap")) {
      ImapSettings settings = mail.settings(Duration.ofSeconds(1));
      // as serve defines the mailbox of its configuration
      SourceDefinition box =
          SourceDefinition.mailbox(
              "config-imap", settings.mailbox(), settings, SourceDefinition.Origin.CONFIGURATION);
      String mailbox = "dmarc@127.0.0.1/INBOX";
      Map<String, MimeMessage> sent = new TreeMap<>();
      sent.put(
          "zip",
          ReportMail.withAttachment(
              "zip", "im-z.zip", "application/zip", zip("im-z.xml", utf8(report("IM-Z", 3, 5)))));
      sent.put(
          "gzip",
          ReportMail.withAttachment(
              "gzip", "im-g.xml.gz", "application/gzip", gzip(utf8(report("IM-G", 2, 4)))));
      sent.put("body", ReportMail.wholeBody("body", report("IM-B", 1, 7)));
      sent.put("letter", ReportMail.text("letter", "Dear postmaster, this is not a report."));
      sent.values().forEach(mail::deliver);
      StoreTotals first = new StoreTotals(3, 3 + 2 + 1, 15 + 8 + 7, 1);

      try (Serve serve = new Serve(s, List.of(box))) {
        waitFor(() -> s.store().totals().equals(first));
        // the read folder emptied: the reports' messages done, the letter failed, none deleted
        mail.awaitFolders(LIMIT, List.of("body", "gzip", "zip"), List.of("letter"));
        waitFor(() -> serve.state(box.id()).rejected() == 1);
        SourceState st = serve.state(box.id());
        assertThat(st.reportsStored()).as(st.toString()).isEqualTo(3);
        assertThat(st.duplicates()).isZero();
        assertThat(s.store().totals()).isEqualTo(first);
        // each report once, from the mailbox and the message that carried it (and the way down
        // to the XML: the message, its MIME part, the zip member)
        assertThat(storedFrom(s))
            .containsExactly(
                fromMail("IM-B", id(sent, "body"), "part 1"),
                fromMail("IM-G", id(sent, "gzip"), "part 2 \"im-g.xml.gz\""),
                fromMail("IM-Z", id(sent, "zip"), "part 2 \"im-z.zip\", member \"im-z.xml\""));
        // the letter in the failure log, with its message, the reason and its bytes
        assertThat(s.store().failures(10)).hasSize(1);
        IngestFailure f = s.store().failures(10).get(0);
        assertThat(f.source().kind()).isEqualTo(SourceKind.IMAP);
        assertThat(f.source().mailbox()).isEqualTo(mailbox);
        assertThat(f.source().messageId()).isEqualTo(id(sent, "letter"));
        assertThat(f.reason())
            .startsWith(mailbox + " uid ")
            .endsWith(
                ": no aggregate report found in the e-mail message"
                    + " (its parts: text/plain (part 1))");
        assertThat(new String(f.original(), StandardCharsets.UTF_8))
            .contains("Subject: letter")
            .contains("this is not a report.");
        waitFor(
            () ->
                serve.counter("dmarcpilot.ingest.reports.stored") == 3
                    && serve.counter("dmarcpilot.ingest.rejected") == 1);
        assertThat(serve.counter("dmarcpilot.ingest.reports.duplicate")).isZero();
        assertLeaseHeld(s, box);

        // a report that arrives while the source idles is read, stored and moved
        waitFor(() -> serve.state(box.id()).status() == SourceStatus.IDLE);
        sent.put(
            "later",
            ReportMail.withAttachment(
                "later", "im-l.xml.gz", "application/gzip", gzip(utf8(report("IM-L", 1, 100)))));
        mail.deliver(sent.get("later"));
        waitFor(() -> s.store().totals().reports() == 4);
        mail.awaitFolders(LIMIT, List.of("body", "gzip", "later", "zip"), List.of("letter"));
        assertThat(storedFrom(s))
            .contains(fromMail("IM-L", id(sent, "later"), "part 2 \"im-l.xml.gz\""));
      }
      assertThat(s.store().totals()).isEqualTo(new StoreTotals(4, 7, 130, 1));

      // a restart: the same store and mailbox, a new process' state; only new mail is read
      mail.deliver(ReportMail.wholeBody("after restart", report("IM-R", 2, 3)));
      try (Serve again = new Serve(s, List.of(box))) {
        waitFor(() -> s.store().totals().reports() == 5);
        waitFor(() -> again.state(box.id()).reportsStored() == 1);
        waitForLooks(again, box.id(), 3);
        Thread.sleep(PROGRESS_TICK.toMillis()); // what those looks handed over is counted
        SourceState st = again.state(box.id());
        assertThat(st.reportsStored()).as(st.toString()).isEqualTo(1);
        assertThat(st.duplicates()).as("messages read before are not read again").isZero();
        assertThat(st.rejected()).as("the letter is not read again").isZero();
        assertThat(s.store().totals()).isEqualTo(new StoreTotals(5, 9, 136, 1));
        assertThat(s.store().failures(10)).hasSize(1);
        assertThat(again.counter("dmarcpilot.ingest.reports.duplicate")).isZero();
        assertThat(again.counter("dmarcpilot.ingest.rejected")).isZero();
        mail.awaitFolders(
            LIMIT, List.of("after restart", "body", "gzip", "later", "zip"), List.of("letter"));
        assertLeaseHeld(s, box);
      }
    }
  }

  /** Waits until the source finished {@code looks} more looks at everything there was. */
  private static void waitForLooks(Serve serve, String id, int looks) throws Exception {
    Set<Instant> seen = new HashSet<>();
    waitFor(
        () -> {
          Instant last = serve.state(id).lastRun();
          if (last != null) {
            seen.add(last);
          }
          return seen.size() > looks;
        });
  }

  /** The stored reports: id, source kind, path and archive member, by report id. */
  private static List<String> stored(TestStore s) {
    return rows(
        s,
        "SELECT report_id, source_kind, source_path, source_part"
            + " FROM aggregate_report ORDER BY report_id");
  }

  /** The stored reports: id, source kind, mailbox, message id, '|' and part, by report id. */
  private static List<String> storedFrom(TestStore s) {
    return rows(
        s,
        "SELECT report_id, source_kind, source_mailbox, source_message_id, '|', source_part"
            + " FROM aggregate_report ORDER BY report_id");
  }

  /** Each row of the query's result as its columns' values, separated by spaces. */
  private static List<String> rows(TestStore s, String sql) {
    return s.store()
        .read(
            c -> {
              List<String> out = new ArrayList<>();
              try (PreparedStatement ps = c.prepareStatement(sql);
                  ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                  StringBuilder row = new StringBuilder(String.valueOf(rs.getString(1)));
                  for (int i = 2; i <= n; i++) {
                    row.append(' ').append(rs.getString(i));
                  }
                  out.add(row.toString());
                }
              }
              return out;
            });
  }

  /**
   * A report as {@link #storedFrom} lists it, read from the message {@code id} in the test mailbox.
   */
  private static String fromMail(String reportId, String id, String part) {
    return reportId + " IMAP dmarc@127.0.0.1/INBOX " + id + " | " + id + ", " + part;
  }

  /** The Message-ID of a message sent. */
  private static String id(Map<String, MimeMessage> sent, String key) throws MessagingException {
    return sent.get(key).getMessageID();
  }

  /**
   * The running source holds its lease: on PostgreSQL no other session can take it (on DuckDB,
   * which one process holds, every lease is granted).
   */
  private static void assertLeaseHeld(TestStore s, SourceDefinition d) {
    Optional<SourceLease> other = s.store().leases().tryAcquire(d.leaseKey());
    other.ifPresent(SourceLease::close);
    assertThat(other.isPresent())
        .as("another session takes the lease on " + d.leaseKey())
        .isEqualTo(s.store().engine() != StoreEngine.POSTGRESQL);
  }

  /** The handled inputs: content hash to name, reports and failures. */
  private static Map<String, String> handled(TestStore s) {
    return s.store()
        .read(
            c -> {
              Map<String, String> out = new TreeMap<>();
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT content_sha256, source_name, reports, failures"
                              + " FROM ingested_input");
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.put(
                      rs.getString(1), rs.getString(2) + " " + rs.getInt(3) + " " + rs.getInt(4));
                }
              }
              return out;
            });
  }

  private static long count(TestStore s, String sql) {
    return s.store()
        .read(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql);
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  /** The messages of example.com on {@link #DAY} in the traffic rollup. */
  private static long traffic(Serve serve) {
    return new SqlTrafficQueries(serve.rollup)
        .domains(new DateRange(DAY, DAY)).stream()
            .filter(d -> d.domain().equals("example.com"))
            .mapToLong(DomainTraffic::messages)
            .sum();
  }

  private static String sha(byte[] b) {
    return Sha256.of(b);
  }

  private static void waitFor(BooleanSupplier c) throws InterruptedException {
    Wait.waitFor(LIMIT, c);
  }
}
