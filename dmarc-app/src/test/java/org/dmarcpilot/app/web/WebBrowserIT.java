// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dmarcpilot.app.web.page.Format;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.Chromium;
import org.dmarcpilot.app.web.testing.SampleData;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium): login, redirects, CSRF, escaping,
 * the overview against the API, charts, upload. Each page's screenshot is saved under
 * target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebBrowserIT {
  @TempDir static Path profile;
  private static WebFixture web;
  private static ChromeDriver driver;
  private static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
    driver = Chromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (web != null) {
      web.close();
    }
  }

  private static String url(String path) {
    return web.uri(path).toString();
  }

  @Test
  @Order(1)
  void pageWithoutLogin_redirectsToLogin() throws Exception {
    driver.get(url("/reports?days=7"));
    assertThat(driver.getCurrentUrl()).contains("/login?next=%2Freports%3Fdays%3D7");
    assertThat(driver.findElement(By.id("login-form")).isDisplayed()).isTrue();
    Chromium.screenshot(driver, "01-login");
  }

  @Test
  @Order(2)
  void login_wrongThenRight() throws Exception {
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys("not-the-password");
    driver.findElement(By.id("login-submit")).click();
    assertThat(driver.findElement(By.id("login-error")).getText())
        .isEqualTo("Wrong user name or password.");
    Chromium.screenshot(driver, "02-login-failed");
    driver.findElement(By.id("username")).clear();
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(web.adminPassword());
    driver.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.urlContains("/reports"));
    assertThat(driver.findElement(By.id("current-user")).getText()).isEqualTo("admin");
  }

  @Test
  @Order(3)
  void overview_showsTheSameTotalsAsTheApi() throws Exception {
    driver.get(url("/?days=30"));
    String text = driver.findElement(By.id("total-messages")).getText();
    Browserless api = new Browserless(web.uri());
    String token = web.auth().createToken("admin", "browser-test").secret();
    JsonNode j =
        new ObjectMapper()
            .readTree(
                api.get("/api/v1/domains?days=30", "Authorization", "Bearer " + token).body());
    JsonNode t = j.get("totals");
    assertThat(text).isEqualTo(Format.count(t.get("messages").asLong()));
    assertThat(driver.findElement(By.id("total-pass")).getText())
        .isEqualTo(Format.percent(t.get("dmarcPass").asLong(), t.get("messages").asLong()));
    assertThat(driver.findElement(By.id("total-domains")).getText())
        .isEqualTo(t.get("domains").asText());
    assertThat(driver.findElements(By.cssSelector("#domains-table tbody tr")))
        .hasSize(j.get("domains").size());
    Chromium.screenshot(driver, "03-overview");
  }

  @Test
  @Order(4)
  void tables_sortByClickingAHeader() {
    driver.get(url("/?days=30"));
    WebElement messages =
        driver.findElement(By.cssSelector("#domains-table thead th:nth-child(2)"));
    messages.click();
    messages.click(); // descending
    var cells = driver.findElements(By.cssSelector("#domains-table tbody td:nth-child(2)"));
    long previous = Long.MAX_VALUE;
    for (WebElement c : cells) {
      long v = Long.parseLong(c.getAttribute("data-value"));
      assertThat(v).isLessThanOrEqualTo(previous);
      previous = v;
    }
    assertThat(messages.getAttribute("aria-sort")).isEqualTo("descending");
  }

  @Test
  @Order(5)
  void domainPage_drawsItsCharts() throws Exception {
    driver.get(url("/domains/example.com?days=30"));
    for (String id : new String[] {"chart-volume", "chart-compliance"}) {
      wait.until(ExpectedConditions.attributeToBe(By.id(id), "data-drawn", "true"));
      Long painted =
          (Long)
              driver.executeScript(
                  "var c = document.getElementById(arguments[0]);"
                      + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                      + "var n = 0; for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }"
                      + "return n;",
                  id);
      assertThat(painted).as(id + " painted pixels").isGreaterThan(2000L);
    }
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#live-check-results .check-section")));
    assertThat(driver.findElements(By.cssSelector("#live-check-results header"))).isEmpty();
    WebElement published =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live-published")));
    assertThat(published.getText())
        .isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
    assertThat(driver.findElement(By.id("live-next")).getText()).startsWith("v=DMARC1;");
    assertThat(driver.findElements(By.cssSelector("#live-diff tbody tr"))).isNotEmpty();
    driver.executeScript("document.getElementById('live-check').scrollIntoView({block: 'start'});");
    Chromium.screenshot(driver, "04c-domain-live-record");
    // "check again" posts with the CSRF token through htmx and swaps in a fresh panel
    driver.findElement(By.id("live-recheck")).click();
    wait.until(ExpectedConditions.stalenessOf(published));
    assertThat(
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live-published")))
                .getText())
        .isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
    driver.executeScript("window.scrollTo(0, 0);");
    assertThat(driver.findElement(By.id("advice-summary")).getText()).isNotBlank();
    assertThat(driver.findElements(By.cssSelector("table.sources tbody tr"))).isNotEmpty();
    assertThat(driver.findElement(By.id("group-spoofing")).getText()).contains("Spoofers");
    Chromium.screenshot(driver, "04-domain");
    // the what-if form: simulate p=reject without testing
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("whatif-p")))
        .selectByValue("reject");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("t"))).selectByValue("n");
    driver.findElement(By.cssSelector("#what-if button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("whatif-target"), "p=reject"));
    assertThat(driver.getCurrentUrl()).contains("p=reject");
    assertThat(driver.findElement(By.id("whatif-stopped")).getText()).isNotEqualTo("0");
    Chromium.screenshot(driver, "04b-domain-what-if");
    wait.until(ExpectedConditions.attributeToBe(By.id("chart-volume"), "data-drawn", "true"));
    driver.findElement(By.id("theme-toggle")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("chart-volume"), "data-drawn", "true"));
    Thread.sleep(300); // the charts redraw for the new colours
    Chromium.screenshot(driver, "05-domain-dark");
    assertThat(driver.findElement(By.tagName("html")).getAttribute("data-theme"))
        .isIn("dark", "light");
    driver.findElement(By.id("theme-toggle")).click();
  }

  @Test
  @Order(6)
  void hostileOrgName_showsAsTextAndRunsNothing() throws Exception {
    driver.get(url("/reports?days=30&domain=example.net&size=500"));
    var orgs = driver.findElements(By.cssSelector("#reports-table td.org"));
    assertThat(orgs).extracting(WebElement::getText).contains(SampleData.HOSTILE_ORG);
    assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(driver.findElements(By.cssSelector("#reports-table img"))).isEmpty();
    Chromium.screenshot(driver, "06-reports");
    WebElement row =
        orgs.stream()
            .filter(e -> e.getText().equals(SampleData.HOSTILE_ORG))
            .findFirst()
            .orElseThrow();
    row.findElement(By.xpath("..")).findElement(By.cssSelector("a")).click();
    assertThat(driver.findElement(By.id("report-org")).getText()).isEqualTo(SampleData.HOSTILE_ORG);
    assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(driver.getTitle()).contains("Report");
    Chromium.screenshot(driver, "07-report");
    driver.findElement(By.cssSelector("#records-table tbody a[href^='/sources/']")).click();
    assertThat(driver.findElement(By.id("source-ip")).getText()).matches("[0-9.]+");
    assertThat(driver.findElements(By.cssSelector("#source-records tbody tr"))).isNotEmpty();
    Chromium.screenshot(driver, "07b-source");
    // its records are paged: the next page continues the list, the figures stay those of all
    String messages = driver.findElement(By.id("source-messages")).getText();
    driver.get(driver.getCurrentUrl() + "&size=5");
    assertThat(driver.findElement(By.id("source-records-count")).getText())
        .startsWith("Records 1–5 of ")
        .contains("page 1 of");
    assertThat(driver.findElements(By.cssSelector("#source-records tbody tr"))).hasSize(5);
    driver.findElement(By.cssSelector("#source-records-list .pager a[rel=next]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("source-records-count"), "Records 6–10 of"));
    assertThat(driver.getCurrentUrl()).contains("size=5&page=2");
    assertThat(driver.findElements(By.cssSelector("#source-records tbody tr"))).hasSize(5);
    assertThat(driver.findElement(By.id("source-messages")).getText()).isEqualTo(messages);
    assertThat(driver.findElements(By.cssSelector("#source-records-list .pager a[rel=prev]")))
        .hasSize(1);
    Chromium.screenshot(driver, "07c-source-page2");
    driver.get(driver.getCurrentUrl().replace("page=2", "page=100000"));
    assertThat(driver.findElement(By.id("no-such-page")).getText())
        .startsWith("There is no page 100000: the list has ");
    assertThat(driver.findElements(By.cssSelector("#source-records tbody tr"))).isEmpty();
  }

  @Test
  @Order(7)
  void formPostWithoutCsrf_isRefused() throws Exception {
    driver.get(url("/settings"));
    Chromium.screenshot(driver, "08-settings");
    int before = web.auth().tokens().size();
    driver.executeScript("document.querySelector('#token-form input[name=_csrf]').remove();");
    driver.findElement(By.cssSelector("#token-form input[name=name]")).sendKeys("forged");
    driver.findElement(By.cssSelector("#token-form button")).click();
    // the click only starts the navigation: wait for the answer's page
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "403"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("403");
    assertThat(driver.getPageSource()).contains("CSRF");
    assertThat(web.auth().tokens()).hasSize(before);
    Chromium.screenshot(driver, "09-csrf-refused");
    // with the token the same form works
    driver.get(url("/settings"));
    driver.findElement(By.cssSelector("#token-form input[name=name]")).sendKeys("real");
    driver.findElement(By.cssSelector("#token-form button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
    assertThat(driver.findElement(By.id("new-token")).getText()).startsWith("dp_");
    assertThat(web.auth().tokens()).hasSize(before + 1);
  }

  @Test
  @Order(8)
  void upload_thenFindItInTheList(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("browser-upload.xml");
    Files.writeString(
        file, web.data().reportXml("Browser Upload Inc", "browser-1"), StandardCharsets.UTF_8);
    Path junk = dir.resolve("junk.txt");
    Files.writeString(junk, "not a report", StandardCharsets.UTF_8);
    driver.get(url("/upload"));
    driver.findElement(By.id("file-input")).sendKeys(file + "\n" + junk);
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#upload-results tbody tr"), 2));
    assertThat(driver.findElements(By.cssSelector("#upload-results tr.result-stored"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("#upload-results tr.result-rejected")))
        .hasSize(1);
    Chromium.screenshot(driver, "10-upload");
    driver.get(url("/reports?days=7"));
    assertThat(driver.findElements(By.cssSelector("#reports-table td.org")))
        .extracting(WebElement::getText)
        .contains("Browser Upload Inc");

    // open it and download its original with the browser's session cookie
    driver.findElement(By.linkText("browser-1")).click();
    WebElement download =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("download-original")));
    Chromium.screenshot(driver, "11-report-with-original");
    String href = download.getAttribute("href");
    Cookie session =
        driver.manage().getCookies().stream()
            .filter(c -> c.isHttpOnly())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie"));
    HttpResponse<byte[]> original =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(href))
                    .header("Cookie", session.getName() + "=" + session.getValue())
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(original.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");
    assertThat(original.body()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  @Order(9)
  void reportPaging_swapsTheListWithoutReloadingThePage() throws Exception {
    driver.get(url("/reports?days=30&size=10"));
    driver.executeScript("window.__marker = 'kept';");
    assertThat(driver.findElement(By.id("reports-count")).getText()).contains("page 1 of");
    driver.findElement(By.cssSelector(".pager a[rel=next]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("reports-count"), "page 2 of"));
    assertThat(driver.executeScript("return window.__marker"))
        .as("no full reload")
        .isEqualTo("kept");
    assertThat(driver.getCurrentUrl()).contains("page=2");
    assertThat(driver.findElements(By.cssSelector("#reports-table tbody tr"))).hasSize(10);
    // the swapped table sorts too
    WebElement head = driver.findElement(By.cssSelector("#reports-table thead th:nth-child(6)"));
    head.click();
    assertThat(head.getAttribute("aria-sort")).isEqualTo("ascending");
    Chromium.screenshot(driver, "11-reports-page2");
  }

  @Test
  @Order(10)
  void checkPage_showsFindingsAndEscapesDnsText() throws Exception {
    driver.get(url("/check"));
    driver.findElement(By.id("check-domain")).sendKeys("example.com");
    driver.findElement(By.cssSelector("#check-form button")).click();
    assertThat(driver.findElement(By.id("recommended-record")).getText()).startsWith("v=DMARC1");
    assertThat(driver.findElements(By.cssSelector(".check-section"))).hasSizeGreaterThan(2);
    Chromium.screenshot(driver, "12-check");
    driver.get(url("/check?domain=evil.example"));
    assertThat(driver.getPageSource()).contains("&lt;script&gt;window.__xss=4");
    assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
  }

  @Test
  @Order(11)
  void ingestionPage_showsFailuresAsText() throws Exception {
    driver.get(url("/ingestion"));
    assertThat(driver.findElement(By.cssSelector("#failures-table td.reason")).getText())
        .isEqualTo(SampleData.HOSTILE_REASON);
    assertThat(driver.findElements(By.cssSelector("#failures-table td.reason b"))).isEmpty();
    Chromium.screenshot(driver, "13-ingestion");
  }
}
