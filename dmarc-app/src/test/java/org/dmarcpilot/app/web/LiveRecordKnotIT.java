// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.backend.StoreAnalyses;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.dns.DnsResolverConfig;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.testing.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Domain page's live record check and the advisor's published record against a real
 * authoritative DNS server (knotd on a loopback port), wired as {@code serve} wires them: a domain
 * that publishes DMARC, SPF and a DKIM key under the selector its reports show, and a domain that
 * publishes no DMARC record.
 */
class LiveRecordKnotIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHED = "v=DMARC1; p=none; rua=mailto:agg@example.test; fo=1";

  @TempDir static Path dir;
  private static KnotServer knot;
  private static ReportStore store;
  private static PublishedRecords published;
  private static DomainAnalyses analyses;
  private static WebApplication app;
  private static Browserless admin;

  @BeforeAll
  static void start() throws Exception {
    knot =
        KnotServer.builder()
            .zone(
                "example.test",
                """
                @        TXT "v=spf1 ip4:192.0.2.0/24 -all"
                _dmarc   TXT "%s"
                s1._domainkey TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwqr1"
                @        MX 10 mail
                mail     A 192.0.2.25
                """
                    .formatted(PUBLISHED))
            .zone(
                "norecord.test",
                """
                @        TXT "v=spf1 -all"
                """)
            // the parent, so that the audit's tree walk (_dmarc.test) gets a real answer
            .zone("test", "")
            .start();
    DnsjavaResolver dns =
        new DnsjavaResolver(
            DnsResolverConfig.defaults()
                .withServers(List.of(knot.address()))
                .withCacheSize(0)
                .withTimeout(Duration.ofSeconds(2), 1),
            Clock.systemUTC());
    Clock clock = Clock.fixed(TestReports.DAY0.plus(Duration.ofDays(14)), ZoneOffset.UTC);
    store = ReportStores.open(StoreConfig.inDataDir(dir));
    List<AggregateReport> reports = new ArrayList<>();
    for (int day = 0; day < 14; day++) {
      reports.add(TestReports.simple("reporter.test", "a" + day, "example.test", day, 3));
      reports.add(TestReports.simple("reporter.test", "b" + day, "norecord.test", day, 2));
    }
    store.storeAll(reports.stream().map(TestReports::incoming).toList());
    published = new PublishedRecords(dns, clock, PublishedRecords.DEFAULT_TIMEOUT);
    analyses =
        StoreAnalyses.open(
            store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, published::text, clock);
    app =
        WebApplication.start(
            new WebConfig("127.0.0.1", 0, false),
            StoreBackend.of(
                store,
                IngestOptions.defaults(),
                new DomainAudit(dns, AuditOptions.defaults()),
                published,
                analyses,
                StoreAnalyses.facts(store, GeoIp.absent()),
                AdvisorSettings.inMemory(AdvisorThresholds.DEFAULTS)),
            new PasswordHasher(4, new SecureRandom()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            clock);
    admin = new Browserless(app.uri());
    admin.login("admin", app.initialPassword().orElseThrow());
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (analyses != null) {
      analyses.close();
    }
    if (published != null) {
      published.close();
    }
    if (store != null) {
      store.close();
    }
    if (knot != null) {
      knot.close();
    }
  }

  @Test
  void panel_domainWithDmarcRecord_showsItsRecordsFindingsAndTheAdvisorStartsFromIt()
      throws Exception {
    HttpResponse<String> panel = admin.get("/domains/example.test/record");
    assertThat(panel.statusCode()).isEqualTo(200);
    assertThat(panel.body())
        .contains("id=\"live-published\">" + PUBLISHED + "<")
        .contains("v=spf1 ip4:192.0.2.0/24 -all")
        .contains("DKIM selectors from the reports: s1")
        .contains("id=\"live-dkim\"")
        .contains("id=\"live-next\">v=DMARC1;")
        .doesNotContain("id=\"live-dmarc-status\"")
        .doesNotContain("id=\"live-error\"")
        .doesNotContain("id=\"live-dns-failures\"");

    JsonNode j = JSON.readTree(admin.get("/api/v1/domains/example.test/record").body());
    assertThat(j.get("dmarc").get("status").asText()).isEqualTo("FOUND");
    assertThat(j.get("dnsFailures")).isEmpty();
    JsonNode dkim = null;
    for (JsonNode s : j.get("sections")) {
      if (s.get("section").asText().equals("DKIM")) {
        dkim = s;
      }
    }
    assertThat(dkim).isNotNull();
    assertThat(dkim.get("records").toString()).contains("s1._domainkey.example.test");
    // the next record keeps the tags of the record in DNS (fo=1 is not in the reports)
    assertThat(j.get("nextRecord").asText()).contains("rua=mailto:agg@example.test", "fo=1");

    // the published record was looked up: the advisor now starts from it, and says so
    String page = admin.get("/domains/example.test?days=14").body();
    assertThat(page)
        .contains("data-origin=\"dns\"")
        .contains("<code>" + PUBLISHED + "</code>")
        .contains("hx-get=\"/domains/example.test/record\"");
    JsonNode advice = JSON.readTree(admin.get("/api/v1/domains/example.test/advice").body());
    assertThat(advice.get("publishedRecord").asText()).isEqualTo(PUBLISHED);
  }

  @Test
  void panel_domainWithoutDmarcRecord_saysNxdomainAndTheAdvisorUsesTheReports() throws Exception {
    HttpResponse<String> panel = admin.get("/domains/norecord.test/record");
    assertThat(panel.statusCode()).isEqualTo(200);
    assertThat(panel.body())
        .contains("id=\"live-dmarc-status\"")
        .contains("_dmarc.norecord.test does not exist (NXDOMAIN)")
        .contains("v=spf1 -all")
        .doesNotContain("id=\"live-published\"")
        .doesNotContain("id=\"live-error\"");
    JsonNode j = JSON.readTree(admin.get("/api/v1/domains/norecord.test/record").body());
    assertThat(j.get("dmarc").get("status").asText()).isEqualTo("NONE");
    assertThat(j.get("dmarc").get("dns").asText()).isEqualTo("NXDOMAIN");
    assertThat(j.get("diff").findValuesAsText("change")).containsOnly("ADDED");
    String page = admin.get("/domains/norecord.test?days=14").body();
    assertThat(page).contains("data-origin=\"report\"");
  }
}
