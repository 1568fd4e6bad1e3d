// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.web.WebApplication;
import org.dmarcpilot.app.web.WebConfig;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.backend.BackgroundIngest;
import org.dmarcpilot.app.web.backend.StoreAnalyses;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.sources.FolderRoots;
import org.dmarcpilot.app.web.sources.ManagedSources;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.InMemoryDnsResolver;

/**
 * The web application as {@code serve} wires it, over a real store in a directory: the background
 * ingestion with its supervisor, the sources managed under Settings (passwords sealed under a
 * random key), and the server on a free loopback port.
 */
public final class SourcesServer implements AutoCloseable {
  private final ReportStore store;
  private final DomainAnalyses analyses;
  private final BackgroundIngest ingest;
  private final ManagedSources sources;
  private final WebApplication app;
  private final PublishedRecords published;
  private final SecretBox box;

  /**
   * Starts it.
   *
   * @param dir the data directory (the store's file)
   * @param configured sources from the "configuration"
   */
  public SourcesServer(Path dir, List<SourceDefinition> configured) {
    this(dir, configured, List.of());
  }

  /**
   * Starts it with folders allowed for the dashboard ({@code web.folder-roots}).
   *
   * @param dir the data directory (the store's file)
   * @param configured sources from the "configuration"
   * @param folderRoots the folders under which the dashboard may add watched folders
   */
  public SourcesServer(Path dir, List<SourceDefinition> configured, List<Path> folderRoots) {
    this(
        StoreConfig.inDataDir(dir),
        configured,
        SecretBox.fromBase64(SecretBox.newKey()),
        new FolderRoots(folderRoots, dir, List.of()));
  }

  /**
   * Starts it over the store a configuration names (a PostgreSQL database several servers share, as
   * several {@code serve} processes do).
   *
   * @param config the store
   * @param configured sources from the "configuration"
   */
  public SourcesServer(StoreConfig config, List<SourceDefinition> configured) {
    this(config, configured, SecretBox.fromBase64(SecretBox.newKey()));
  }

  /**
   * Starts it over the store a configuration names, with folders allowed for the dashboard.
   *
   * @param config the store
   * @param configured sources from the "configuration"
   * @param roots where the dashboard may add watched folders
   */
  public SourcesServer(StoreConfig config, List<SourceDefinition> configured, FolderRoots roots) {
    this(config, configured, SecretBox.fromBase64(SecretBox.newKey()), roots);
  }

  /**
   * Starts it over the store a configuration names, with the installation's key given (a restart:
   * the stored secrets open again).
   *
   * @param config the store
   * @param configured sources from the "configuration"
   * @param box seals and opens the stored secrets
   */
  public SourcesServer(StoreConfig config, List<SourceDefinition> configured, SecretBox box) {
    this(config, configured, box, NO_ROOTS);
  }

  /** No folder allowed for the dashboard; the data directory of a database server's tests. */
  private static final FolderRoots NO_ROOTS =
      new FolderRoots(
          List.of(),
          Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("no-data-dir"),
          List.of());

  /**
   * Starts it over the store a configuration names, with the installation's key and the folders
   * allowed for the dashboard given.
   *
   * @param config the store
   * @param configured sources from the "configuration"
   * @param box seals and opens the stored secrets
   * @param roots where the dashboard may add watched folders
   */
  public SourcesServer(
      StoreConfig config, List<SourceDefinition> configured, SecretBox box, FolderRoots roots) {
    Clock clock = Clock.systemUTC();
    store = ReportStores.open(config);
    published =
        new PublishedRecords(InMemoryDnsResolver.empty(), clock, PublishedRecords.DEFAULT_TIMEOUT);
    analyses =
        StoreAnalyses.open(
            store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, d -> null, clock);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WebApplication[] holder = new WebApplication[1];
    IngestOptions options = IngestOptions.defaults().withParserThreads(1);
    ingest =
        BackgroundIngest.start(
            store,
            configured,
            options,
            metrics,
            () -> {
              if (holder[0] != null) {
                holder[0].refresh();
              }
            },
            clock);
    this.box = box;
    sources = ingest.managed(box, roots);
    sources.startStored();
    app =
        WebApplication.start(
            new WebConfig("127.0.0.1", 0, false),
            StoreBackend.of(
                store,
                options,
                new DomainAudit(InMemoryDnsResolver.empty(), AuditOptions.defaults()),
                published,
                analyses,
                StoreAnalyses.facts(store, GeoIp.absent()),
                AdvisorSettings.inMemory(AdvisorThresholds.DEFAULTS)),
            sources,
            new PasswordHasher(4, new SecureRandom()),
            metrics,
            clock);
    holder[0] = app;
  }

  /** The server. */
  public WebApplication app() {
    return app;
  }

  /** The admin's first password. */
  public String adminPassword() {
    return app.initialPassword().orElseThrow();
  }

  /** The store. */
  public ReportStore store() {
    return store;
  }

  /** The background ingestion. */
  public BackgroundIngest ingest() {
    return ingest;
  }

  /** The sources managed under Settings. */
  public ManagedSources sources() {
    return sources;
  }

  /** The secret box of the stored passwords. */
  public SecretBox box() {
    return box;
  }

  @Override
  public void close() {
    app.close();
    ingest.close();
    analyses.close();
    published.close();
    store.close();
  }
}
