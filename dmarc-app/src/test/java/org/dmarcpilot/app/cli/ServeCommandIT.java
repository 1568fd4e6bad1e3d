// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.Chromium;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.AggregateReportWriter;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code dmarcpilot serve --demo} end to end: a fresh store with the demo data, the URL and the
 * admin password printed, the API's totals equal to the demo reports', an upload through the real
 * ingest pipeline found in the list and counted at once, a rejected upload in the ingestion log.
 */
class ServeCommandIT {
  private static final Pattern URL = Pattern.compile("running at (http://\\S+)");
  private static final Pattern PASSWORD = Pattern.compile("the password (\\S+) ");
  private static final Pattern DEMO_DIR = Pattern.compile("Demo data: .* in (\\S+)");

  @Test
  void serveDemo_servesTheDemoDataAndIngestsUploads() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serve =
        new Thread(
            () ->
                exit.set(
                    Main.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute("serve", "--demo", "--port", "0")));
    serve.start();
    try {
      String url = null;
      String password = null;
      for (int i = 0; i < 600 && (url == null || password == null); i++) {
        Matcher u = URL.matcher(out.toString());
        Matcher p = PASSWORD.matcher(out.toString());
        url = u.find() ? u.group(1) : null;
        password = p.find() ? p.group(1) : null;
        assertThat(serve.isAlive()).as("serve stopped: " + err).isTrue();
        Thread.sleep(100);
      }
      assertThat(url).as("printed URL; out: " + out + " err: " + err).isNotNull();
      assertThat(out.toString()).contains("Demo data:");
      Browserless b = new Browserless(URI.create(url));
      String csrf = b.login("admin", password);
      ObjectMapper json = new ObjectMapper();

      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      long expected =
          DemoData.generate(today, 60, 42).stream().mapToLong(AggregateReport::messageCount).sum();
      JsonNode domains = json.readTree(b.get("/api/v1/domains?days=60").body());
      assertThat(domains.get("totals").get("messages").asLong()).isEqualTo(expected);
      assertThat(domains.get("domains")).hasSize(4);
      assertThat(b.get("/?days=60").body()).contains("example.info");

      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("upload.xml", report(today).getBytes(StandardCharsets.UTF_8));
      files.put("junk.txt", "this is not a report".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> up = b.postFiles("/api/v1/reports", files, "X-CSRF-Token", csrf);
      assertThat(up.statusCode()).isEqualTo(200);
      JsonNode results = json.readTree(up.body()).get("files");
      assertThat(results.get(0).get("status").asText()).as(up.body()).isEqualTo("stored");
      long id = results.get(0).get("reportIds").get(0).asLong();
      assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");

      JsonNode one = json.readTree(b.get("/api/v1/reports/" + id).body());
      assertThat(one.get("summary").get("orgName").asText()).isEqualTo("Upload Test Reporter");
      assertThat(b.get("/reports/" + id).body()).contains("Upload Test Reporter");
      JsonNode after = json.readTree(b.get("/api/v1/domains?days=60").body());
      assertThat(after.get("totals").get("messages").asLong()).isEqualTo(expected + 12);
      assertThat(b.get("/ingestion").body()).contains("junk.txt");
      assertThat(b.get("/api/v1/reports?days=1&reporter=Upload%20Test%20Reporter").body())
          .contains("upload-it-1");

      // the analysis over the demo: services identified, spoofers found, advice per stage
      JsonNode sources = json.readTree(b.get("/api/v1/domains/example.com/sources?days=60").body());
      assertThat(sources.get("sources").findValuesAsText("serviceName")).isNotEmpty();
      assertThat(sources.get("byClass").get("SPOOFING").asLong()).isPositive();
      JsonNode advice = json.readTree(b.get("/api/v1/domains/example.com/advice").body());
      assertThat(advice.get("advice").get("stage").asText()).isEqualTo("MONITOR");
      assertThat(b.get("/domains/example.com?days=60").body()).contains("Spoofers");
      if (Files.isExecutable(Chromium.BROWSER) && Files.isExecutable(Chromium.DRIVER)) {
        screenshots(url, password);
      }
    } finally {
      serve.interrupt();
      serve.join(30_000);
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(exit.get()).as(err.toString()).isZero();
    Matcher demo = DEMO_DIR.matcher(out.toString());
    assertThat(demo.find()).as(out.toString()).isTrue();
    assertThat(Path.of(demo.group(1))).as("the demo's temporary data directory").doesNotExist();
  }

  /** Screenshots of the demo's overview and domain pages, under target/screenshots/. */
  private static void screenshots(String url, String password) throws Exception {
    Path profile = Files.createTempDirectory("dmarcpilot-chromium-");
    ChromeDriver driver = Chromium.start(profile);
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(URI.create(url).resolve("/login").toString());
      driver.findElement(By.id("username")).sendKeys("admin");
      driver.findElement(By.id("password")).sendKeys(password);
      driver.findElement(By.id("login-submit")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("current-user")));
      driver.get(URI.create(url).resolve("/?days=60").toString());
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("attention")));
      Chromium.screenshot(driver, "20-demo-overview");
      driver.get(URI.create(url).resolve("/domains/example.com?days=60").toString());
      wait.until(ExpectedConditions.attributeToBe(By.id("chart-volume"), "data-drawn", "true"));
      Chromium.screenshot(driver, "21-demo-domain");
      driver.executeScript("document.getElementById('sources').scrollIntoView()");
      Chromium.screenshot(driver, "22-demo-domain-sources");
      driver.executeScript("document.getElementById('advisor').scrollIntoView()");
      Chromium.screenshot(driver, "23-demo-domain-advisor");
    } finally {
      driver.quit();
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static String report(LocalDate day) {
    Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    AggregateReport r =
        new AggregateReport(
            "1.0",
            ReportSchema.RFC9990,
            new ReportMetadata(
                "Upload Test Reporter",
                "dmarc@upload.example",
                null,
                "upload-it-1",
                begin,
                begin.plusSeconds(86_399),
                List.of(),
                null),
            new PolicyPublished(
                "example.com", Policy.NONE, null, null, null, null, null, null, null, null),
            DemoData.generate(day, 1, 5).get(0).records().subList(0, 1).stream()
                .map(
                    x ->
                        new org.dmarcpilot.report.aggregate.ReportRecord(
                            x.sourceIp(),
                            12,
                            x.policyEvaluated(),
                            x.identifiers(),
                            x.dkim(),
                            x.spf(),
                            List.of()))
                .toList(),
            List.of(),
            List.of());
    return new AggregateReportWriter().toXml(r);
  }
}
