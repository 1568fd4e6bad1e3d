// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.demo.DemoData;
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
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web tier wired over a real store (embedded DuckDB, the store's own migrations) with the demo
 * reports: the first start prints an admin password that logs in, the API's totals are the reports'
 * sums, the analysis sees the stored rows, and an uploaded report goes through ingest and shows up
 * in the totals and the sources at once.
 */
class WebApplicationIT {
  private static final LocalDate LAST = LocalDate.parse("2026-03-15");

  /** A report for example.com on 2026-03-10 with one record from an address the demo never uses. */
  static final String UPLOADED =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <feedback>
        <report_metadata>
          <org_name>upload.example</org_name>
          <email>dmarc@upload.example</email>
          <report_id>web-it-upload-1</report_id>
          <date_range><begin>1773100800</begin><end>1773187199</end></date_range>
        </report_metadata>
        <policy_published>
          <domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct>
        </policy_published>
        <record>
          <row>
            <source_ip>192.0.2.201</source_ip><count>777</count>
            <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated>
          </row>
          <identifiers><header_from>example.com</header_from></identifiers>
          <auth_results><spf><domain>elsewhere.example</domain><result>fail</result></spf></auth_results>
        </record>
      </feedback>
      """;

  @Test
  void start_overTheStore_servesTheReportsTheAnalysisAndPicksUpUploads(@TempDir Path dir)
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-15T18:00:00Z"), ZoneOffset.UTC);
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      List<AggregateReport> reports = DemoData.generate(LAST, 30, 11);
      List<AggregateReport> stored = new ArrayList<>();
      var results = store.storeAll(reports.stream().map(TestReports::incoming).toList());
      for (int i = 0; i < reports.size(); i++) {
        if (results.get(i).stored()) {
          stored.add(reports.get(i));
        }
      }
      assertThat(stored).isNotEmpty();
      try (PublishedRecords published =
              new PublishedRecords(
                  InMemoryDnsResolver.empty(), clock, PublishedRecords.DEFAULT_TIMEOUT);
          DomainAnalyses analyses =
              StoreAnalyses.open(
                  store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, d -> null, clock);
          WebApplication app =
              WebApplication.start(
                  new WebConfig("127.0.0.1", 0, false),
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
                  clock)) {
        String password = app.initialPassword().orElseThrow();
        Browserless b = new Browserless(app.uri());
        String csrf = b.login("admin", password);
        ObjectMapper json = new ObjectMapper();
        JsonNode j = json.readTree(b.get("/api/v1/domains?days=31").body());
        long expected = stored.stream().mapToLong(AggregateReport::messageCount).sum();
        assertThat(j.get("totals").get("messages").asLong()).isEqualTo(expected);
        assertThat(j.get("domains")).hasSize(4);
        String overview = b.get("/?days=31").body();
        assertThat(overview).contains(org.dmarcpilot.app.web.page.Format.count(expected));

        long exampleCom =
            stored.stream()
                .filter(r -> r.policyPublished().domain().equals("example.com"))
                .mapToLong(AggregateReport::messageCount)
                .sum();
        JsonNode sources =
            json.readTree(b.get("/api/v1/domains/example.com/sources?days=31").body());
        assertThat(sources.get("messages").asLong()).isEqualTo(exampleCom);
        assertThat(sources.get("sources").findValuesAsText("serviceName")).isNotEmpty();
        assertThat(sources.get("byClass").get("SPOOFING").asLong()).isPositive();

        var up =
            b.postFiles(
                "/api/v1/reports",
                Map.of("upload.xml", UPLOADED.getBytes(StandardCharsets.UTF_8)),
                "X-CSRF-Token",
                csrf);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(up.body()).contains("\"status\":\"stored\"");
        JsonNode after = json.readTree(b.get("/api/v1/domains?days=31").body());
        assertThat(after.get("totals").get("messages").asLong()).isEqualTo(expected + 777);
        JsonNode sourcesAfter =
            json.readTree(b.get("/api/v1/domains/example.com/sources?days=31").body());
        assertThat(sourcesAfter.get("messages").asLong()).isEqualTo(exampleCom + 777);
        assertThat(sourcesAfter.get("sources").findValuesAsText("value")).contains("192.0.2.201");
        assertThat(b.get("/domains/example.com?days=31").body()).contains("192.0.2.201");
        assertThat(b.get("/reports?days=30").body()).contains("upload.example");
      }
    }
  }
}
