// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.dmarcpilot.app.web.WebConfig;
import org.dmarcpilot.app.web.WebServer;
import org.dmarcpilot.app.web.WebServices;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.InMemoryDnsResolver;

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

  private WebFixture(
      TestDatabases.DuckDatabase db,
      WebServer server,
      String adminPassword,
      SampleData data,
      AuthService auth,
      PrometheusMeterRegistry metrics) {
    this.db = db;
    this.server = server;
    this.adminPassword = adminPassword;
    this.data = data;
    this.auth = auth;
    this.metrics = metrics;
  }

  /** Starts a server with the standard sample data. */
  public static WebFixture start() throws SQLException {
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
    WebServer server =
        WebServer.start(
            new WebConfig("127.0.0.1", 0, false),
            new WebServices(auth, data, data, data, data, audit(), data, metrics, clock));
    return new WebFixture(db, server, pw, data, auth, metrics);
  }

  /** The zone the Check page's audit answers from: no network in tests. */
  public static final String ZONE =
      """
      example.com.            3600 IN TXT "v=spf1 include:_spf.google.com ~all"
      _spf.google.com.        3600 IN TXT "v=spf1 ip4:209.85.128.0/17 -all"
      _dmarc.example.com.     3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"
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
    db.close();
  }
}
