// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.base64Lines;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original of a report, end to end over a real store: uploaded as a zip, a gzip or an e-mail
 * message, ingested, stored with the report, and downloaded from the API and the report page byte
 * for byte; a report without one answers 404, one over the limit says so, and nothing is served
 * without a login.
 */
class ReportOriginalIT {
  private static final int LIMIT = 2048;

  @Test
  void upload_thenDownloadTheOriginal(@TempDir Path dir) throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-15T18:00:00Z"), ZoneOffset.UTC);
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      long without =
          store
              .store(
                  TestReports.incoming(
                      TestReports.simple("none.example", "1", "example.com", 0, 1)))
              .reportPk();
      try (DomainAnalyses analyses =
              StoreAnalyses.open(
                  store, GeoIp.absent(), () -> AdvisorThresholds.DEFAULTS, d -> null, clock);
          WebApplication app =
              WebApplication.start(
                  new WebConfig("127.0.0.1", 0, false),
                  StoreBackend.of(
                      store,
                      IngestOptions.defaults().withOriginalCopyBytes(LIMIT),
                      new DomainAudit(InMemoryDnsResolver.empty(), AuditOptions.defaults()),
                      new PublishedRecords(
                          InMemoryDnsResolver.empty(), clock, PublishedRecords.DEFAULT_TIMEOUT),
                      analyses,
                      StoreAnalyses.facts(store, GeoIp.absent()),
                      AdvisorSettings.inMemory(AdvisorThresholds.DEFAULTS)),
                  new PasswordHasher(4, new SecureRandom()),
                  new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                  clock)) {
        Browserless b = new Browserless(app.uri());
        String csrf = b.login("admin", app.initialPassword().orElseThrow());
        byte[] zip = zip("z.xml", utf8(report("UP-Z", 2, 3)));
        byte[] gz = gzip(utf8(report("UP-G", 1, 1)));
        byte[] attached = zip("e.xml", utf8(report("UP-E", 1, 2)));
        byte[] eml =
            utf8(
                "From: DMARC <noreply-dmarc@example.net>\r\n"
                    + "Message-ID: <up-e@example.net>\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: application/zip; name=\"att \\\"q\\\".zip\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n"
                    + base64Lines(attached));
        byte[] big = utf8(report("UP-BIG", 20, 1));
        assertThat(big.length).isGreaterThan(LIMIT);

        long z = upload(b, csrf, "upload.zip", zip);
        long g = upload(b, csrf, "C:\\reports\\upload.xml.gz", gz);
        long e = upload(b, csrf, "mail.eml", eml);
        long over = upload(b, csrf, "big.xml", big);

        HttpResponse<byte[]> rz = b.getBytes("/api/v1/reports/" + z + "/original");
        assertThat(rz.statusCode()).isEqualTo(200);
        assertThat(rz.body()).isEqualTo(zip);
        assertThat(rz.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/zip");
        assertThat(rz.headers().firstValue("Content-Disposition").orElseThrow())
            .isEqualTo("attachment; filename=\"upload.zip\"");
        assertThat(rz.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        HttpResponse<byte[]> rg = b.getBytes("/api/v1/reports/" + g + "/original");
        assertThat(rg.body()).isEqualTo(gz);
        assertThat(rg.headers().firstValue("Content-Disposition").orElseThrow())
            .isEqualTo("attachment; filename=\"upload.xml.gz\"");

        HttpResponse<byte[]> re = b.getBytes("/reports/" + e + "/original"); // the page's link
        assertThat(re.statusCode()).isEqualTo(200);
        assertThat(re.body()).isEqualTo(attached);
        assertThat(re.headers().firstValue("Content-Disposition").orElseThrow())
            .isEqualTo("attachment; filename=\"att_q.zip\"");

        String page = b.get("/reports/" + z).body();
        assertThat(page)
            .contains("id=\"download-original\"", "href=\"/reports/" + z + "/original\"");
        String overPage = b.get("/reports/" + over).body();
        assertThat(overPage)
            .doesNotContain("download-original")
            .contains("Original not kept: " + org.dmarcpilot.app.web.page.Format.count(big.length));
        HttpResponse<String> ro = b.get("/api/v1/reports/" + over + "/original");
        assertThat(ro.statusCode()).isEqualTo(404);
        assertThat(ro.body()).contains("over the limit");
        assertThat(b.get("/reports/" + without).body()).contains("No original kept");
        HttpResponse<String> none = b.get("/api/v1/reports/" + without + "/original");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no original kept");

        Browserless stranger = new Browserless(app.uri());
        HttpResponse<String> anonymous = stranger.get("/api/v1/reports/" + z + "/original");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("feedback");
      }
    }
  }

  private static long upload(Browserless b, String csrf, String name, byte[] content)
      throws Exception {
    HttpResponse<String> r =
        b.postFiles("/api/v1/reports", Map.of(name, content), "X-CSRF-Token", csrf);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode file = new ObjectMapper().readTree(r.body()).get("files").get(0);
    assertThat(file.get("status").asText()).as(r.body()).isEqualTo("stored");
    List<Long> ids = List.of(file.get("reportIds").get(0).asLong());
    return ids.get(0);
  }
}
