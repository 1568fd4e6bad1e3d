// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.web.page.Format;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.StoreWebApp;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pages over a real store with more records than a page holds: the Source page's figures over
 * all of an address's records with its records paged, a report's records paged with totals over all
 * of them, and a page past the end of any paged list answered as such. Run on each engine by a
 * subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebPagesContract {
  private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  private static final String SOURCE = "203.0.113.9";
  private static final String HOSTILE_ORG = "<script>window.__xss=5</script>Old & Co";
  private static final String HOSTILE_FROM = "<img src=x onerror=\"window.__xss=6\">.example";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestStore db;
  private StoreWebApp web;
  private WebApplication app;
  private Browserless b;
  private String csrf;
  private long newer;

  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  /**
   * Two reports from one address: the older (300 failing records of 7 messages, a hostile reporter)
   * and the newer (600 passing records of 1 message, the last with a hostile From). The newest 500
   * records of the address (page 1) are all the newer report's; page 2 holds its last 100 and then
   * the older report's 300.
   */
  @BeforeEach
  void start() throws Exception {
    if (app != null) {
      return;
    }
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    db = open("web_pages");
    db.store(List.of(report(HOSTILE_ORG, "old-1", "old.example", 3, 300, 7, false)));
    newer = db.store(List.of(report("Newer Reporter", "new-1", "new.example", 1, 600, 1, true)));
    web = StoreWebApp.start(db.store(), clock);
    app = web.app();
    b = new Browserless(app.uri());
    csrf = b.login("admin", app.initialPassword().orElseThrow());
  }

  @AfterAll
  void stop() throws Exception {
    try (TestStore s = db;
        StoreWebApp w = web) {
      // closed in reverse order
    }
  }

  private static AggregateReport report(
      String org, String id, String domain, int daysAgo, int records, long count, boolean pass) {
    Instant begin =
        LocalDate.ofInstant(NOW, ZoneOffset.UTC)
            .minusDays(daysAgo)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    DmarcResultType result = pass ? DmarcResultType.PASS : DmarcResultType.FAIL;
    List<ReportRecord> rows = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String from = pass && i == records - 1 ? HOSTILE_FROM : domain;
      rows.add(
          new ReportRecord(
              InetAddresses.forString(SOURCE),
              count,
              new PolicyEvaluated(DispositionType.NONE, result, result, List.of()),
              new Identifiers(from, domain, null),
              List.of(
                  new DkimAuthResult(
                      domain, "s" + i, pass ? DkimResultType.PASS : DkimResultType.FAIL, null)),
              List.of(),
              List.of()));
    }
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(
            org,
            "dmarc@reporter.example",
            null,
            id,
            begin,
            begin.plusSeconds(86_399),
            List.of(),
            null),
        new PolicyPublished(domain, Policy.NONE, null, null, null, null, null, null, null, null),
        rows,
        List.of(),
        List.of());
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void sourcePage_figuresOverAllRecords_listsTheFirstPage() throws Exception {
    HttpResponse<String> r = b.get("/sources/" + SOURCE + "?days=30");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body();
    assertSourceFigures(html);
    assertThat(html)
        .contains("href=\"/domains/old.example?")
        .contains("href=\"/domains/new.example?");
    // the list is the first page of 500, newest first: the newer report's first 500 records
    assertThat(occurrences(html, "<a href=\"/reports/")).isEqualTo(500);
    assertThat(dkimSelectors(html)).isEqualTo(selectors("new", 0, 500));
    assertThat(html).contains("Records 1–500 of 900 · page 1 of 2");
    assertThat(html)
        .contains("href=\"/sources/" + SOURCE + "?from=2026-02-14&amp;to=2026-03-15&amp;page=2\"")
        .contains("rel=\"next\"")
        .doesNotContain("rel=\"prev\"");
    // and the export of all of them
    assertThat(html)
        .contains(
            "href=\"/api/v1/records/export?source_ip="
                + SOURCE
                + "&amp;from=2026-02-14&amp;to=2026-03-15&amp;format=csv\"");
  }

  /**
   * The Source page pages the address's records like the report page: page 2 continues page 1
   * (newest report first, each report's records in their order), the figures stay those of all
   * records, and a page past the end answers 404 and says so.
   */
  @Test
  void sourcePage_pagesItsRecords_newestFirst() throws Exception {
    String first = b.get("/sources/" + SOURCE + "?days=30").body();
    Matcher next = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(first);
    assertThat(next.find()).as("a next link").isTrue();

    HttpResponse<String> second = b.get(next.group(1).replace("&amp;", "&"));
    assertThat(second.statusCode()).isEqualTo(200);
    String html = second.body();
    assertSourceFigures(html);
    assertThat(occurrences(html, "<a href=\"/reports/")).isEqualTo(400);
    List<String> expected = new ArrayList<>(selectors("new", 500, 600));
    expected.addAll(selectors("old", 0, 300));
    assertThat(dkimSelectors(html)).isEqualTo(expected);
    assertThat(html)
        .contains("Records 501–900 of 900 · page 2 of 2")
        .contains(
            "href=\"/sources/"
                + SOURCE
                + "?from=2026-02-14&amp;to=2026-03-15&amp;page=1\" rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
    assertThat(html)
        .contains("&lt;img src=x onerror=\"window.__xss=6\"&gt;.example")
        .doesNotContain("<img src=x")
        .contains("<td>&lt;script&gt;window.__xss=5&lt;/script&gt;Old &amp; Co</td>")
        .doesNotContain("<script>window.__xss=5");

    // another page size keeps its size in the links
    String small = b.get("/sources/" + SOURCE + "?days=30&size=300&page=2").body();
    assertThat(dkimSelectors(small))
        .as("page 2 of 300 records")
        .isEqualTo(selectors("new", 300, 600));
    assertThat(small)
        .contains("Records 301–600 of 900 · page 2 of 3")
        .contains("to=2026-03-15&amp;size=300&amp;page=3\" rel=\"next\"");

    HttpResponse<String> past = b.get("/sources/" + SOURCE + "?days=30&page=3");
    assertThat(past.statusCode()).isEqualTo(404);
    assertThat(past.body())
        .contains("There is no page 3: the list has 2 pages")
        .contains("href=\"/sources/" + SOURCE + "?from=2026-02-14&amp;to=2026-03-15&amp;page=2\"");
    assertSourceFigures(past.body());
    assertThat(occurrences(past.body(), "<a href=\"/reports/")).isZero();
    assertThat(b.get("/sources/" + SOURCE + "?days=30&page=0").statusCode()).isEqualTo(400);
    assertThat(b.get("/sources/" + SOURCE + "?days=30&size=501").statusCode()).isEqualTo(400);
  }

  /** The Source page's figures: over all 900 records of the address, hostile text escaped. */
  private static void assertSourceFigures(String html) {
    long messages = 300 * 7 + 600;
    assertThat(html).contains("id=\"source-messages\">" + Format.count(messages) + "<");
    assertThat(html).contains(">" + Format.percent(600, messages) + "<");
    assertThat(html).contains("id=\"source-days\">2<").contains("id=\"source-records\">900<");
    assertThat(html)
        .contains("&lt;script&gt;window.__xss=5&lt;/script&gt;Old &amp; Co")
        .doesNotContain("<script>window.__xss=5");
  }

  /** The DKIM results of the listed records in their order ({@code new/s7}). */
  private static List<String> dkimSelectors(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<td><code>([a-z]+)\\.example/(s[0-9]+)=").matcher(html);
    while (m.find()) {
      out.add(m.group(1) + "/" + m.group(2));
    }
    return out;
  }

  /** {@code domain/s<from>} to {@code domain/s<to - 1>}. */
  private static List<String> selectors(String domain, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(domain + "/s" + i);
    }
    return out;
  }

  @Test
  void reportPage_pagesItsRecords_totalsOverAll() throws Exception {
    HttpResponse<String> first = b.get("/reports/" + newer);
    assertThat(first.statusCode()).isEqualTo(200);
    String html = first.body();
    assertThat(occurrences(html, "<a href=\"/sources/")).isEqualTo(500);
    assertThat(html).contains("id=\"report-messages\">600<").contains("id=\"report-records\">600<");
    assertThat(html).contains("id=\"report-dmarc-pass\">100.0%<");
    assertThat(html).contains("page 1 of 2");
    Matcher next = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(html);
    assertThat(next.find()).as("a next link").isTrue();
    assertThat(html).doesNotContain("rel=\"prev\"");

    HttpResponse<String> second = b.get(next.group(1).replace("&amp;", "&"));
    assertThat(second.statusCode()).isEqualTo(200);
    String html2 = second.body();
    assertThat(occurrences(html2, "<a href=\"/sources/")).isEqualTo(100);
    assertThat(html2)
        .contains("page 2 of 2")
        .contains("rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
    assertThat(html2).contains("id=\"report-messages\">600<");
    assertThat(html2)
        .contains("&lt;img src=x onerror=\"window.__xss=6\"&gt;.example")
        .doesNotContain("<img src=x");

    HttpResponse<String> past = b.get("/reports/" + newer + "?page=3");
    assertThat(past.statusCode()).isEqualTo(404);
    assertThat(past.body())
        .contains("There is no page 3: the list has 2 pages")
        .contains("href=\"/reports/" + newer + "?page=2\"")
        .contains("id=\"report-messages\">600<");
    assertThat(occurrences(past.body(), "<a href=\"/sources/")).isZero();
    assertThat(b.get("/reports/" + newer + "?page=x").statusCode()).isEqualTo(400);
  }

  /**
   * The API's report is paged like its page: a report of millions of records (a hostile reporter's
   * is allowed about 2.5 million) must not be built as one JSON document in the server's memory.
   */
  @Test
  void apiReport_pagesItsRecords_countsAll() throws Exception {
    HttpResponse<String> r = b.get("/api/v1/reports/" + newer);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode first = JSON.readTree(r.body());
    assertThat(first.get("summary").get("records").asLong()).isEqualTo(600);
    assertThat(first.get("records")).hasSize(500);
    JsonNode paging = first.get("recordsPage");
    assertThat(paging).as("the records' paging").isNotNull();
    assertThat(paging.get("page").asInt()).isEqualTo(1);
    assertThat(paging.get("size").asInt()).isEqualTo(500);
    assertThat(paging.get("total").asLong()).isEqualTo(600);
    assertThat(paging.get("pages").asLong()).isEqualTo(2);
    assertThat(first.toString()).doesNotContain(HOSTILE_FROM.substring(0, 8));

    JsonNode second = JSON.readTree(b.get("/api/v1/reports/" + newer + "?page=2").body());
    assertThat(second.get("records")).hasSize(100);
    assertThat(second.get("records").get(0).get("dkimResults").get(0).asText())
        .as("page 2 starts at the 501st record")
        .contains(" s500 ");
    assertThat(second.get("records").get(99).get("headerFrom").asText()).isEqualTo(HOSTILE_FROM);
    JsonNode small = JSON.readTree(b.get("/api/v1/reports/" + newer + "?size=250&page=3").body());
    assertThat(small.get("records")).hasSize(100);
    assertThat(small.get("recordsPage").get("pages").asLong()).isEqualTo(3);

    HttpResponse<String> past = b.get("/api/v1/reports/" + newer + "?page=3");
    assertThat(past.statusCode()).isEqualTo(404);
    assertThat(past.body()).contains("There is no page 3: the list has 2 pages");
    assertThat(b.get("/api/v1/reports/" + newer + "?size=0").statusCode()).isEqualTo(400);
    assertThat(b.get("/api/v1/reports/999999").statusCode()).isEqualTo(404);
  }

  /**
   * A password changed under Settings logs out the user's other sessions (whoever knew the old
   * password), and keeps the session that changed it.
   */
  @Test
  void changingYourPassword_logsOutYourOtherSessions() throws Exception {
    String csrf = Browserless.csrf(b.get("/settings").body());
    HttpResponse<String> added =
        b.postForm(
            "/settings/users",
            Map.of("_csrf", csrf, "username", "carol", "password", "carol-first-password"));
    assertThat(added.body()).contains("User added.");
    Browserless one = new Browserless(app.uri());
    String oneCsrf = one.login("carol", "carol-first-password");
    Browserless two = new Browserless(app.uri());
    two.login("carol", "carol-first-password");
    assertThat(two.get("/settings").statusCode()).isEqualTo(200);

    HttpResponse<String> changed =
        one.postForm(
            "/settings/password",
            Map.of(
                "_csrf",
                oneCsrf,
                "password",
                "carol-second-password",
                "confirm",
                "carol-second-password"));
    assertThat(changed.body()).contains("Password changed.");
    assertThat(one.get("/settings").statusCode()).as("the session that changed it").isEqualTo(200);
    HttpResponse<String> other = two.get("/settings");
    assertThat(other.statusCode()).as("the other session").isNotEqualTo(200);
    assertThat(other.headers().firstValue("location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
    assertThat(b.get("/settings").statusCode()).as("another user's session").isEqualTo(200);
    new Browserless(app.uri()).login("carol", "carol-second-password");
  }

  @Test
  void reportsList_pastTheEnd_saysSoWithALinkToTheLastPage() throws Exception {
    HttpResponse<String> last = b.get("/reports?days=30&size=1&page=2");
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.body()).contains("page 2 of 2");
    HttpResponse<String> past = b.get("/reports?days=30&size=1&page=100000");
    assertThat(past.statusCode()).isEqualTo(404);
    assertThat(past.body())
        .contains("There is no page 100000: the list has 2 pages")
        .doesNotContain("page 100000 of")
        .containsPattern("href=\"/reports\\?[^\"]*size=1&amp;page=2\"");
  }

  @Test
  void apiLists_pastTheEnd_are404WithAMessage() throws Exception {
    assertThat(b.get("/api/v1/reports?days=30&size=1&page=2").statusCode()).isEqualTo(200);
    HttpResponse<String> reports = b.get("/api/v1/reports?days=30&size=1&page=3");
    assertThat(reports.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(reports.body());
    assertThat(error.toString()).contains("There is no page 3: the list has 2 pages");

    String byAddress = "/api/v1/records?days=30&size=500&source_ip=" + SOURCE;
    JsonNode second = JSON.readTree(b.get(byAddress + "&page=2").body());
    assertThat(second.get("items")).hasSize(400);
    HttpResponse<String> records = b.get(byAddress + "&page=3");
    assertThat(records.statusCode()).isEqualTo(404);
    assertThat(records.body()).contains("There is no page 3: the list has 2 pages");
    HttpResponse<String> empty = b.get("/api/v1/records?days=30&source_ip=192.0.2.1");
    assertThat(empty.statusCode()).as("page 1 of an empty list exists").isEqualTo(200);
  }

  /**
   * PostgreSQL refuses U+0000 in text, so a NUL in the reporter filter or in a token's name failed
   * the query there (500) while DuckDB took it; both engines now answer 400 naming the field.
   */
  @Test
  void nulInFreeText_is400NamingTheField() throws Exception {
    HttpResponse<String> page = b.get("/reports?reporter=Old%00Co");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
    assertThat(page.body()).contains("parameter 'reporter' must not contain NUL (U+0000)");
    HttpResponse<String> api = b.get("/api/v1/reports?reporter=%00");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
    assertThat(api.body()).contains("parameter 'reporter'");

    HttpResponse<String> token =
        b.postForm("/settings/tokens", Map.of("_csrf", csrf, "name", "ci\u0000bot"));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
    assertThat(token.body()).contains("token name must have 1 to 100 characters");
    assertThat(b.get("/settings").body()).doesNotContain("ci\u0000bot");
  }
}
