// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.web.WebApplication;
import org.dmarcpilot.app.web.WebConfig;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.backend.StoreAnalyses;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.InMemoryDnsResolver;

/**
 * The real web application over a real store, wired as {@code serve} wires it but with no DNS (an
 * empty in-memory resolver), no GeoIP, the default thresholds and a cheap password hash. Closing it
 * stops the server and the analyses; the store stays open.
 */
public final class StoreWebApp implements AutoCloseable {
  private final PublishedRecords published;
  private final DomainAnalyses analyses;
  private final WebApplication app;

  private StoreWebApp(PublishedRecords published, DomainAnalyses analyses, WebApplication app) {
    this.published = published;
    this.analyses = analyses;
    this.app = app;
  }

  /** Starts the application over {@code store} on a free port of 127.0.0.1. */
  public static StoreWebApp start(ReportStore store, Clock clock) {
    return start(store, new WebConfig("127.0.0.1", 0, false), clock);
  }

  /** Starts the application over {@code store} with {@code config}. */
  public static StoreWebApp start(ReportStore store, WebConfig config, Clock clock) {
    PublishedRecords published =
        new PublishedRecords(InMemoryDnsResolver.empty(), clock, PublishedRecords.DEFAULT_TIMEOUT);
    DomainAnalyses analyses =
        StoreAnalyses.open(
            store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, d -> null, clock);
    try {
      WebApplication app =
          WebApplication.start(
              config,
              StoreBackend.of(
                  store,
                  IngestOptions.defaults(),
                  new DomainAudit(InMemoryDnsResolver.empty(), AuditOptions.defaults()),
                  published,
                  analyses,
                  StoreAnalyses.facts(store, GeoIp.absent()),
                  AdvisorSettings.inMemory(AdvisorThresholds.DEFAULTS)),
              new PasswordHasher(4, new SecureRandom()),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              clock);
      return new StoreWebApp(published, analyses, app);
    } catch (RuntimeException e) {
      analyses.close();
      published.close();
      throw e;
    }
  }

  /** The running application. */
  public WebApplication app() {
    return app;
  }

  /** The server's base URI. */
  public URI uri() {
    return app.uri();
  }

  @Override
  public void close() {
    try (PublishedRecords p = published;
        DomainAnalyses a = analyses;
        WebApplication w = app) {
      // closed in reverse order
    }
  }
}
