// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import com.google.common.net.InetAddresses;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainAnalyzer;
import org.dmarcpilot.app.analysis.OwnerMarkStore;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.web.WebConfig;
import org.dmarcpilot.app.web.WebServer;
import org.dmarcpilot.app.web.WebServices;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.live.LiveRecordCheck;
import org.dmarcpilot.app.web.sources.SourceSettings;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;

/**
 * A real server on a free loopback port over an in-memory DuckDB (accounts) and {@link SampleData};
 * the admin's first password is kept for logging in.
 */
public final class WebFixture implements AutoCloseable {
  /** The fixed "now" of the tests. */
  public static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

  private final TestDatabases.DuckDatabase db;
  private final WebServer server;
  private final String adminPassword;
  private final SampleData data;
  private final AuthService auth;
  private final PrometheusMeterRegistry metrics;
  private final DomainAnalyses analyses;
  private final PublishedRecords published;
  private final LiveRecordCheck live;

  private WebFixture(
      TestDatabases.DuckDatabase db,
      WebServer server,
      String adminPassword,
      SampleData data,
      AuthService auth,
      PrometheusMeterRegistry metrics,
      DomainAnalyses analyses,
      PublishedRecords published,
      LiveRecordCheck live) {
    this.db = db;
    this.published = published;
    this.live = live;
    this.analyses = analyses;
    this.server = server;
    this.adminPassword = adminPassword;
    this.data = data;
    this.auth = auth;
    this.metrics = metrics;
  }

  /** Starts a server with the standard sample data. */
  public static WebFixture start() throws SQLException {
    return start(UnaryOperator.identity());
  }

  /**
   * Starts a server with the standard sample data, its uploads going through {@code uploads} (a
   * wrapper around the sample data's, for tests that watch them).
   */
  public static WebFixture start(UnaryOperator<ReportUploads> uploads) throws SQLException {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    TestDatabases.DuckDatabase db = TestDatabases.duckdb();
    AuthService auth =
        new AuthService(
            new JdbcAccountStore(db),
            new PasswordHasher(4, new SecureRandom()),
            LoginThrottle.standard(Clock.systemUTC()),
            Clock.systemUTC());
    String pw = auth.bootstrapAdmin().orElseThrow();
    SampleData data = SampleData.standard(clock);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AdvisorSettings settings = AdvisorSettings.inMemory(AdvisorThresholds.DEFAULTS);
    PublishedRecords published =
        new PublishedRecords(
            InMemoryDnsResolver.fromZone(ZONE), clock, PublishedRecords.DEFAULT_TIMEOUT);
    // looked up before the server starts, so that the advice does not depend on when the
    // background lookups end (the clock stands still: they never go stale)
    for (String d : data.domains()) {
      published.current(d);
    }
    DomainAnalyses analyses = analyses(data, settings, published::text, clock);
    data.onChange(analyses::invalidateAll);
    LiveRecordCheck live =
        new LiveRecordCheck(
            published,
            audit(),
            d -> d.equals("example.com") ? List.of("google") : List.of(),
            analyses::currentAdvice,
            clock,
            LiveRecordCheck.DEFAULT_TIMEOUT);
    WebServer server =
        WebServer.start(
            new WebConfig("127.0.0.1", 0, false),
            new WebServices(
                auth,
                data,
                data,
                uploads.apply(data),
                data,
                audit(),
                live,
                data,
                analyses,
                ip -> FACTS.getOrDefault(ip, Optional.empty()),
                settings,
                metrics,
                clock,
                SourceSettings.NONE));
    return new WebFixture(db, server, pw, data, auth, metrics, analyses, published, live);
  }

  /** Enrichment facts the Source page shows: one enriched address of the sample data. */
  public static final Map<InetAddress, Optional<IpFacts>> FACTS_KNOWN =
      Map.of(
          InetAddresses.forString("198.51.100.7"),
          Optional.of(
              new IpFacts(
                  InetAddresses.forString("198.51.100.7"),
                  ReverseDnsStatus.FOUND,
                  "<b>mx7</b>.bad.example",
                  "bad.example",
                  false,
                  64500L,
                  "Example <script>Net</script>",
                  "NL")));

  private static final Map<InetAddress, Optional<IpFacts>> FACTS = FACTS_KNOWN;

  /**
   * The real analysis over the sample data (no enrichment facts, the built-in catalogue), starting
   * from the records that {@code currentRecord} says are published.
   */
  static DomainAnalyses analyses(
      SampleData data,
      AdvisorSettings settings,
      Function<String, @Nullable String> currentRecord,
      Clock clock) {
    return new DomainAnalyses(
        data::rows,
        (d, from, to) -> Map.of(),
        IpFacts::unknown,
        new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
        new ServiceIdentifier(SenderCatalogue.builtIn()),
        OwnerMarkStore.inMemory(),
        settings::current,
        currentRecord,
        clock,
        DomainAnalyzer.DEFAULT_LISTED);
  }

  /** The analysis behind the server. */
  public DomainAnalyses analyses() {
    return analyses;
  }

  /** The zone the Check page's audit answers from: no network in tests. */
  public static final String ZONE =
      """
      example.com.            3600 IN TXT "v=spf1 include:_spf.google.com ~all"
      _spf.google.com.        3600 IN TXT "v=spf1 ip4:209.85.128.0/17 -all"
      _dmarc.example.com.     3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
      example.com.            3600 IN MX 10 mx.example.com.
      mx.example.com.         3600 IN A 192.0.2.25
      google._domainkey.example.com. 3600 IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwqr1"
      evil.example.           3600 IN TXT "<script>window.__xss=3</script>"
      _dmarc.evil.example.    3600 IN TXT "v=DMARC1; p=<script>window.__xss=4</script>"
      """;

  static DomainAudit audit() {
    return new DomainAudit(InMemoryDnsResolver.fromZone(ZONE), AuditOptions.defaults());
  }

  /** The server's base URI. */
  public URI uri() {
    return server.uri();
  }

  /** A URI on the server. */
  public URI uri(String pathAndQuery) {
    return server.uri().resolve(pathAndQuery);
  }

  /** The server. */
  public WebServer server() {
    return server;
  }

  /** The admin's password. */
  public String adminPassword() {
    return adminPassword;
  }

  /** The sample data behind the server. */
  public SampleData data() {
    return data;
  }

  /** The authentication service. */
  public AuthService auth() {
    return auth;
  }

  /** The metrics registry. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() throws SQLException {
    server.close();
    live.close();
    published.close();
    analyses.close();
    db.close();
  }
}
