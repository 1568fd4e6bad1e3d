// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.enrich.BackgroundEnrichment;
import org.dmarcpilot.app.enrich.DnsReverseLookups;
import org.dmarcpilot.app.enrich.Enrichment;
import org.dmarcpilot.app.enrich.ReverseDnsEnricher;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreException;
import org.dmarcpilot.app.web.WebApplication;
import org.dmarcpilot.app.web.WebConfig;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.backend.BackgroundIngest;
import org.dmarcpilot.app.web.backend.StoreAnalyses;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.sources.ManagedSources;
import org.dmarcpilot.app.web.sql.SqlAdvisorSettings;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dmarcpilot serve}: the dashboard and REST API, with the configured ingestion (watched
 * folders, an IMAP mailbox) running in the background. {@code --demo} serves a fresh temporary data
 * directory filled with the generated demo data set.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the web dashboard and REST API, and ingest the configured folders and mailbox in the"
          + " background.",
      "The first start creates the user admin and prints its password once."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions storeOptions;

  @Option(names = "--port", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}).")
  int port = WebConfig.DEFAULT_PORT;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind = WebConfig.DEFAULT_BIND;

  @Option(
      names = "--demo",
      description =
          "Serve a fresh temporary data directory with a generated data set: several domains at"
              + " different stages, 60 days of reports.")
  boolean demo;

  @Option(
      names = "--secure-cookies",
      description = "Mark cookies Secure although the server speaks HTTP (behind a TLS proxy).")
  boolean secureCookies;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AppConfig config;
    Path demoDir = null;
    try {
      if (demo) {
        demoDir = Files.createTempDirectory("dmarcpilot-demo-");
        Map<String, @Nullable String> flags = new HashMap<>();
        flags.put("data.dir", demoDir.toString());
        config = AppConfig.load(flags, Map.of());
      } else {
        config = storeOptions.load();
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("dmarcpilot serve: " + e.getMessage());
      return 2;
    }
    try (StopOnSignal stop = StopOnSignal.install("dmarcpilot serve", err)) {
      try {
        return serve(config, demoDir, out, err);
      } finally {
        if (demoDir != null) {
          removeDemo(demoDir, err);
        }
      }
    }
  }

  /** Removes the demo's temporary data directory, which nothing else refers to. */
  private static void removeDemo(Path demoDir, PrintWriter err) {
    try (Stream<Path> files = Files.walk(demoDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("dmarcpilot serve: could not remove the demo data in " + demoDir + ": " + e);
    }
    err.flush();
  }

  private Integer serve(
      AppConfig config, @Nullable Path demoDir, PrintWriter out, PrintWriter err) {
    try (ReportStore store = ReportStores.open(config.storeConfig())) {
      if (demo) {
        int n = loadDemo(store);
        out.println("Demo data: " + n + " reports of 60 days in " + demoDir);
      }
      DnsResolver dns = DnsjavaResolver.system();
      DomainAudit audit = new DomainAudit(dns, AuditOptions.defaults());
      IngestOptions options =
          IngestOptions.defaults().withOriginalCopyBytes(config.originalMaxBytes());
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SqlAdvisorSettings settings =
          new SqlAdvisorSettings(StoreBackend.database(store), thresholds(config));
      Clock clock = Clock.systemUTC();
      AtomicReference<Runnable> afterIngest = new AtomicReference<>(() -> {});
      PublicSuffixList psl = PublicSuffixList.guava();
      try (GeoIp geo = GeoIp.open(config.dataDir().resolve("geoip"));
          PublishedRecords published =
              new PublishedRecords(dns, clock, PublishedRecords.DEFAULT_TIMEOUT);
          DomainAnalyses analyses =
              StoreAnalyses.open(store, geo, settings::current, published::text, clock);
          ReverseDnsEnricher enricher =
              new ReverseDnsEnricher(
                  new DnsReverseLookups(dns),
                  psl::organizationalDomain,
                  geo,
                  ENRICH_IN_FLIGHT,
                  ReverseDnsEnricher.DEFAULT_TIMEOUT);
          BackgroundEnrichment enrichment =
              new BackgroundEnrichment(
                      new Enrichment(enricher, new StoreIpFactsCache(store), clock),
                      new StoreIpFactsCache(store),
                      analyses::factsChanged,
                      clock,
                      ENRICH_BATCH,
                      ENRICH_PER_RUN)
                  .start(Duration.ofMinutes(5));
          BackgroundIngest ingest =
              BackgroundIngest.start(
                  store,
                  ConfiguredSources.of(config),
                  options,
                  metrics,
                  () -> afterIngest.get().run(),
                  clock);
          WebApplication app =
              WebApplication.start(
                  new WebConfig(bind, port, secureCookies),
                  StoreBackend.of(
                      store,
                      options,
                      audit,
                      published,
                      analyses,
                      StoreAnalyses.facts(store, geo),
                      settings),
                  sources(ingest, config),
                  PasswordHasher.standard(),
                  metrics,
                  clock)) {
        afterIngest.set(
            () -> {
              app.refresh();
              enrichment.nudge();
            });
        out.println("DMARC Pilot is running at " + app.uri());
        app.initialPassword()
            .ifPresent(
                pw ->
                    out.println(
                        "Log in as admin with the password "
                            + pw
                            + " (shown this once; change it under Settings; if it is lost:"
                            + " dmarcpilot users reset-password admin)."));
        out.flush();
        app.join();
      }
      return 0;
    } catch (StoreException | IllegalArgumentException | IOException e) {
      err.println("dmarcpilot serve: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      err.println("dmarcpilot serve: stopped");
      err.flush();
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Reverse-DNS lookups in flight at once in the background (the server has other work). */
  static final int ENRICH_IN_FLIGHT = 16;

  /** Addresses per background lookup call. */
  static final int ENRICH_BATCH = 256;

  /** Addresses per background run at most. */
  static final int ENRICH_PER_RUN = 4096;

  /** The advisor's thresholds from the configuration (as {@code advise} reads them). */
  static AdvisorThresholds thresholds(AppConfig config) {
    return new AdvisorThresholds(
        Double.parseDouble(config.get("advisor.min-aligned-share", "0.98")),
        Duration.ofDays(Long.parseLong(config.get("advisor.window-days", "14"))),
        Integer.parseInt(config.get("advisor.min-reporters", "3")),
        Double.parseDouble(config.get("advisor.max-unknown-share", "0.01")));
  }

  /**
   * The sources managed under Settings, their passwords sealed by the installation's key, their
   * folders inside {@code web.folder-roots}; the enabled ones that are allowed are started.
   */
  private static ManagedSources sources(BackgroundIngest ingest, AppConfig config)
      throws IOException {
    ManagedSources m =
        ingest.managed(ConfiguredSources.secretBox(config), ConfiguredSources.folderRoots(config));
    m.startStored();
    return m;
  }

  /** Stores the demo reports; returns how many. */
  static int loadDemo(ReportStore store) {
    List<AggregateReport> reports = DemoData.generate(LocalDate.now(ZoneOffset.UTC), 60, 42);
    List<IncomingReport> incoming = new ArrayList<>();
    for (AggregateReport r : reports) {
      String id = r.metadata().orgName() + "/" + r.metadata().reportId();
      incoming.add(
          new IncomingReport(r, sha256(id), Provenance.file("demo:" + r.metadata().reportId())));
    }
    store.storeAll(incoming);
    return incoming.size();
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
