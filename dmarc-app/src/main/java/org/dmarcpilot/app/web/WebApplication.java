// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.ReportLoader;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.live.LiveRecordCheck;
import org.dmarcpilot.app.web.sources.SourceSettings;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.app.web.sql.SqlDkimSelectors;
import org.dmarcpilot.app.web.sql.SqlIngestionLog;
import org.dmarcpilot.app.web.sql.SqlRecordQueries;
import org.dmarcpilot.app.web.sql.SqlReportCatalog;
import org.dmarcpilot.app.web.sql.SqlTrafficQueries;
import org.dmarcpilot.app.web.sql.TrafficRollup;
import org.dmarcpilot.check.DomainAudit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web tier wired over the store: accounts in the store's database, the SQL queries, the traffic
 * rollup (rebuilt at start, refreshed after each upload and every {@link #REFRESH}), and the
 * server. The first start creates {@code admin} with a random password, which {@link
 * #initialPassword()} gives once.
 */
public final class WebApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebApplication.class);

  /** How often the rollup looks for reports stored by others (ingestion, other processes). */
  public static final Duration REFRESH = Duration.ofSeconds(30);

  /**
   * What the web needs from the store and ingest.
   *
   * @param database the store's database (read, and write for the web's own tables)
   * @param reports loads one stored report by id, whole or with a slice of its records
   * @param uploads takes uploaded files through ingest
   * @param audit the live record check, on the server's DNS resolver
   * @param published the DMARC records published in DNS, kept for a while (the advisor's too)
   * @param analyses the domains' sources, advice and simulation (forgotten when reports arrive)
   * @param facts what enrichment knows about a sending address
   * @param settings the advisor's thresholds (the analyses read them)
   */
  public record Backend(
      SqlDatabase database,
      ReportLoader reports,
      ReportUploads uploads,
      DomainAudit audit,
      PublishedRecords published,
      DomainAnalyses analyses,
      SourceFacts facts,
      AdvisorSettings settings) {
    /** Checks that every part is present. */
    public Backend {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(reports, "reports");
      Objects.requireNonNull(uploads, "uploads");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(published, "published");
      Objects.requireNonNull(analyses, "analyses");
      Objects.requireNonNull(facts, "facts");
      Objects.requireNonNull(settings, "settings");
    }
  }

  private final WebServer server;
  private final TrafficRollup rollup;
  private final ScheduledExecutorService scheduler;
  private final @Nullable String initialPassword;
  private final Runnable refresh;
  private final LiveRecordCheck live;

  private WebApplication(
      WebServer server,
      TrafficRollup rollup,
      ScheduledExecutorService scheduler,
      @Nullable String initialPassword,
      Runnable refresh,
      LiveRecordCheck live) {
    this.server = server;
    this.live = live;
    this.refresh = refresh;
    this.rollup = rollup;
    this.scheduler = scheduler;
    this.initialPassword = initialPassword;
  }

  /** Wires the web tier over the backend and starts serving, without background sources. */
  public static WebApplication start(
      WebConfig config,
      Backend backend,
      PasswordHasher hasher,
      PrometheusMeterRegistry metrics,
      Clock clock) {
    return start(config, backend, SourceSettings.NONE, hasher, metrics, clock);
  }

  /**
   * Wires the web tier over the backend and starts serving.
   *
   * @param sources the background sources managed under Settings and shown under Ingestion
   */
  public static WebApplication start(
      WebConfig config,
      Backend backend,
      SourceSettings sources,
      PasswordHasher hasher,
      PrometheusMeterRegistry metrics,
      Clock clock) {
    AuthService auth =
        new AuthService(
            new JdbcAccountStore(backend.database()), hasher, LoginThrottle.standard(clock), clock);
    String password = auth.bootstrapAdmin().orElse(null);
    TrafficRollup rollup = new TrafficRollup(backend.database());
    rollup.rebuild();
    DomainAnalyses analyses = backend.analyses();
    SqlTrafficQueries traffic = new SqlTrafficQueries(rollup);
    Runnable refresh =
        () -> {
          if (rollup.refresh()) {
            analyses.invalidateAll();
            warm(traffic, analyses, clock);
          }
        };
    ReportUploads uploads =
        (filename, content) -> {
          UploadResult r = backend.uploads().upload(filename, content);
          if (r.status() == UploadResult.Status.STORED) {
            refresh.run();
          }
          return r;
        };
    LiveRecordCheck live =
        new LiveRecordCheck(
            backend.published(),
            backend.audit(),
            new SqlDkimSelectors(backend.database(), clock),
            analyses::currentAdvice,
            clock,
            LiveRecordCheck.DEFAULT_TIMEOUT);
    WebServices services =
        new WebServices(
            auth,
            new SqlReportCatalog(backend.database(), rollup, backend.reports()),
            traffic,
            uploads,
            new SqlRecordQueries(backend.database()),
            backend.audit(),
            live,
            new SqlIngestionLog(backend.database()),
            analyses,
            backend.facts(),
            backend.settings(),
            metrics,
            clock,
            sources);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dmarcpilot-rollup");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            refresh.run();
          } catch (RuntimeException e) {
            LOG.warn("refreshing the traffic rollup failed: {}", e.toString());
          }
        },
        REFRESH.toSeconds(),
        REFRESH.toSeconds(),
        TimeUnit.SECONDS);
    WebServer server = WebServer.start(config, services);
    warm(traffic, analyses, clock);
    return new WebApplication(server, rollup, scheduler, password, refresh, live);
  }

  /** Analyses in the background what the first pages ask for: the default range's domains. */
  private static void warm(SqlTrafficQueries traffic, DomainAnalyses analyses, Clock clock) {
    DateRange range = DateRange.lastDays(Params.DEFAULT_DAYS, clock);
    List<String> domains = traffic.domains(range).stream().map(DomainTraffic::domain).toList();
    analyses.warm(domains, range.from(), range.to());
  }

  /** The admin password created on this first start, or empty when users existed already. */
  public Optional<String> initialPassword() {
    return Optional.ofNullable(initialPassword);
  }

  /** The base URI of the server. */
  public URI uri() {
    return server.uri();
  }

  /** The running server. */
  public WebServer server() {
    return server;
  }

  /** Picks up reports stored by others now, instead of at the next scheduled refresh. */
  public void refresh() {
    refresh.run();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    server.close();
    live.close();
  }
}
