// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.StoreSnapshot;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.Test;

/**
 * The web tier wired over a database with the store's schema and the demo reports: the first start
 * prints an admin password that logs in, the API's totals are the reports' sums, and an upload
 * shows up in the overview at once.
 */
class WebApplicationIT {
  private static final LocalDate LAST = LocalDate.parse("2026-03-15");

  @Test
  void start_overTheStoreSchema_servesTheReportsAndPicksUpUploads() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-15T18:00:00Z"), ZoneOffset.UTC);
    try (StoreSnapshot db = new StoreSnapshot()) {
      List<AggregateReport> reports = DemoData.generate(LAST, 30, 11);
      db.store(reports);
      WebApplication.Backend backend =
          new WebApplication.Backend(
              db.reader(),
              id -> Optional.empty(),
              id -> Optional.empty(),
              (name, bytes) -> {
                try {
                  List<AggregateReport> one =
                      DemoData.generate(LAST.minusDays(30), 1, bytes.length);
                  long id = db.store(one.subList(0, 1));
                  return new UploadResult(
                      name, UploadResult.Status.STORED, List.of(id), 1, "stored");
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              new org.dmarcpilot.check.DomainAudit(
                  org.dmarcpilot.dns.InMemoryDnsResolver.empty(),
                  org.dmarcpilot.check.AuditOptions.defaults()));
      try (WebApplication app =
          WebApplication.start(
              new WebConfig("127.0.0.1", 0, false),
              backend,
              new PasswordHasher(4, new SecureRandom()),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              clock)) {
        String password = app.initialPassword().orElseThrow();
        Browserless b = new Browserless(app.uri());
        String csrf = b.login("admin", password);
        JsonNode j = new ObjectMapper().readTree(b.get("/api/v1/domains?days=31").body());
        long expected = reports.stream().mapToLong(AggregateReport::messageCount).sum();
        assertThat(j.get("totals").get("messages").asLong()).isEqualTo(expected);
        assertThat(j.get("domains")).hasSize(4);
        String overview = b.get("/?days=31").body();
        assertThat(overview).contains(org.dmarcpilot.app.web.page.Format.count(expected));

        var up =
            b.postFiles(
                "/api/v1/reports",
                Map.of("x.xml", "<feedback/>".getBytes(StandardCharsets.UTF_8)),
                "X-CSRF-Token",
                csrf);
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode after = new ObjectMapper().readTree(b.get("/api/v1/domains?days=31").body());
        assertThat(after.get("totals").get("messages").asLong()).isGreaterThan(expected);
        assertThat(b.get("/reports?days=30").body()).contains("reports");
      }
    }
  }
}
