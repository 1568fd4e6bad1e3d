// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SampleData;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analysis over HTTP, against a real server on a loopback port over the sample data: the
 * sources, advice and simulate API calls, the Domain, Overview and Source pages that show them, bad
 * parameters, escaping.
 */
class WebAnalysisIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static WebFixture web;
  private static Browserless admin;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
    admin = new Browserless(web.uri());
    admin.login("admin", web.adminPassword());
    token = web.auth().createToken("admin", "analysis-test").secret();
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
  }

  private static HttpResponse<String> api(String path) throws Exception {
    return new Browserless(web.uri()).get(path, "Authorization", "Bearer " + token);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @ParameterizedTest(name = "{0} -> 400 mentioning {1}")
  @CsvSource({
    "/api/v1/domains/bad%3Cname%3E/sources, 'domain'",
    "/api/v1/domains/example.com/sources?days=0, 'days'",
    "/api/v1/domains/bad%3Cname%3E/advice, 'domain'",
    "/api/v1/domains/example.com/simulate?p=block, 'p'",
    "/api/v1/domains/example.com/simulate?p=reject&sp=%3Cx%3E, 'sp'",
    "/api/v1/domains/example.com/simulate?p=reject&t=maybe, 't'",
    "/api/v1/domains/example.com/simulate?p=reject&pct=101, 'pct'",
    "/api/v1/domains/example.com/simulate?p=reject&pct=ten, 'pct'",
  })
  void badParameters_are400WithAMessage(String path, String mention) throws Exception {
    HttpResponse<String> r = api(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains("application/json");
    assertThat(json(r).get("error").asText()).contains(mention);
  }

  @Test
  void domainSources_addUpToTheDomainAndItsClasses() throws Exception {
    JsonNode summary = json(api("/api/v1/domains/example.com/summary?days=30"));
    JsonNode s = json(api("/api/v1/domains/example.com/sources?days=30"));
    assertThat(s.get("domain").asText()).isEqualTo("example.com");
    long messages = s.get("messages").asLong();
    assertThat(messages).isEqualTo(summary.get("messages").asLong()).isPositive();
    long listed = 0;
    for (JsonNode src : s.get("sources")) {
      listed += src.get("messages").asLong();
      long byClass = 0;
      for (JsonNode n : src.get("messagesByClass")) {
        byClass += n.asLong();
      }
      assertThat(byClass).isEqualTo(src.get("messages").asLong());
    }
    long unlisted = 0;
    for (JsonNode n : s.get("unlisted")) {
      unlisted += n.asLong();
    }
    assertThat(listed + unlisted).isEqualTo(messages);
    assertThat(s.get("sourceCount").asInt()).isEqualTo(s.get("sources").size());
    // the sample's failing address sends unauthenticated mail for the domain: spoofing
    JsonNode failing = null;
    for (JsonNode src : s.get("sources")) {
      if (src.get("source").get("value").asText().equals("198.51.100.7")) {
        failing = src;
      }
    }
    assertThat(failing).isNotNull();
    assertThat(failing.get("sourceClass").asText()).isEqualTo("SPOOFING");
    assertThat(failing.get("dmarcPass").asLong()).isZero();
    assertThat(s.get("fromDomains").findValuesAsText("domain")).containsExactly("example.com");
    assertThat(
            json(api("/api/v1/domains/nothing.example/sources?days=30")).get("messages").asLong())
        .isZero();
  }

  @Test
  void domainAdvice_givesStageGatesAndTheNextRecord() throws Exception {
    JsonNode a = json(api("/api/v1/domains/example.com/advice"));
    assertThat(a.get("domain").asText()).isEqualTo("example.com");
    assertThat(a.get("to").asText()).isEqualTo("2026-03-15");
    assertThat(a.get("from").asText()).isEqualTo("2026-03-02");
    JsonNode advice = a.get("advice");
    // the sample publishes p=quarantine
    assertThat(advice.get("stage").asText()).isEqualTo("QUARANTINE");
    assertThat(advice.get("gates").size()).isPositive();
    assertThat(advice.get("nextStage").asText()).isEqualTo("REJECT");
    assertThat(advice.get("nextRecord").asText()).startsWith("v=DMARC1;").contains("p=reject");
    assertThat(advice.get("summary").asText()).isNotBlank();
  }

  @Test
  void domainSimulate_splitsTheFailingMailByPolicy() throws Exception {
    JsonNode sources = json(api("/api/v1/domains/example.com/sources?days=30"));
    long messages = sources.get("messages").asLong();
    long spoofing = sources.get("byClass").get("SPOOFING").asLong();
    JsonNode reject = json(api("/api/v1/domains/example.com/simulate?days=30&p=reject"));
    assertThat(reject.get("record").asText()).isEqualTo("p=reject");
    JsonNode i = reject.get("impact");
    assertThat(i.get("messages").asLong()).isEqualTo(messages);
    assertThat(i.get("rejected").get("SPOOFING").asLong()).isEqualTo(spoofing).isPositive();
    assertThat(i.get("abuseStopped").asLong()).isEqualTo(spoofing);
    assertThat(i.get("passing").asLong() + spoofing).isEqualTo(messages);
    JsonNode testing = json(api("/api/v1/domains/example.com/simulate?days=30&p=reject&t=y"));
    // t=y: receivers apply quarantine instead of reject
    assertThat(testing.get("impact").get("quarantined").get("SPOOFING").asLong())
        .isEqualTo(spoofing);
    assertThat(testing.get("impact").get("rejected").get("SPOOFING").asLong()).isZero();
    JsonNode none = json(api("/api/v1/domains/example.com/simulate?days=30&p=none"));
    assertThat(none.get("impact").get("abuseStopped").asLong()).isZero();
    // without p: the advisor's next step (reject, after quarantine)
    JsonNode next = json(api("/api/v1/domains/example.com/simulate?days=30&pct=50"));
    assertThat(next.get("record").asText()).isEqualTo("p=reject; pct=50");
  }

  @Test
  void domainPage_showsAdvisorWhatIfSourcesAndFromDomains() throws Exception {
    HttpResponse<String> r = admin.get("/domains/example.com?days=30&p=reject&t=n");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("id=\"advisor\"")
        .contains("id=\"advice-next-record\">v=DMARC1;")
        .contains("id=\"whatif-target\">p=reject<")
        .contains("Spoofers")
        .contains("href=\"/sources/198.51.100.7?")
        .contains("id=\"from-domains-table\"")
        .contains("id=\"subdomains\"");
    assertThat(admin.get("/domains/example.com?p=block").statusCode()).isEqualTo(400);
    // the hostile reporter is named in the evidence of example.net's sources, as text
    String net = admin.get("/domains/example.net?days=30").body();
    assertThat(net).contains("&lt;script&gt;window.__xss=1&lt;/script&gt;");
    assertThat(net).doesNotContain(SampleData.HOSTILE_ORG);
  }

  @Test
  void overview_showsStageReadinessAndAttention() throws Exception {
    String html = admin.get("/?days=30").body();
    assertThat(html).contains("id=\"attention\"").contains("quarantine").contains("not ready");
  }

  @Test
  void sourcePage_showsEnrichmentFactsEscaped() throws Exception {
    String html = admin.get("/sources/198.51.100.7?days=30").body();
    assertThat(html)
        .contains("&lt;b&gt;mx7&lt;/b&gt;.bad.example")
        .contains("AS64500")
        .contains("Example &lt;script&gt;Net&lt;/script&gt;")
        .contains("id=\"source-country\">NL<")
        .doesNotContain("<b>mx7</b>");
    assertThat(admin.get("/sources/192.0.2.10?days=30").body()).contains("Not looked up yet");
  }

  @Test
  void marks_viaApiAndPage_reclassifyTheSourceAndNeedCsrf() throws Exception {
    String tokenHeader = "Bearer " + token;
    Browserless client = new Browserless(web.uri());
    HttpResponse<String> set =
        client.postForm(
            "/api/v1/domains/example.com/marks",
            java.util.Map.of("source", "ip:198.51.100.7", "mark", "mine"),
            "Authorization",
            tokenHeader);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(json(set).get("mark").asText()).isEqualTo("MINE");
    JsonNode marked = source(json(api("/api/v1/domains/example.com/sources?days=30")));
    assertThat(marked.get("ownerMark").asText()).isEqualTo("MINE");
    assertThat(marked.get("sourceClass").asText()).isEqualTo("YOURS_NOT_ALIGNED");
    assertThat(json(api("/api/v1/domains/example.com/advice")).get("attention").toString())
        .contains("198.51.100.7");

    // the page's form: without the CSRF token refused, with it applied and redirected back
    HttpResponse<String> noCsrf =
        admin.postForm(
            "/domains/example.com/marks?days=30",
            java.util.Map.of("source", "ip:198.51.100.7", "mark", "none"));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    String page = admin.get("/domains/example.com?days=30").body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).isTrue();
    HttpResponse<String> clear =
        admin.postForm(
            "/domains/example.com/marks?days=30",
            java.util.Map.of("_csrf", m.group(1), "source", "ip:198.51.100.7", "mark", "none"));
    assertThat(clear.statusCode()).isIn(200, 303);
    JsonNode cleared = source(json(api("/api/v1/domains/example.com/sources?days=30")));
    assertThat(cleared.get("ownerMark").isNull()).isTrue();
    assertThat(cleared.get("sourceClass").asText()).isEqualTo("SPOOFING");

    for (String[] bad :
        new String[][] {
          {"ip:<script>", "mine", "source"},
          {"service:Bad Id", "mine", "source"},
          {"ip:198.51.100.7", "maybe", "mark"},
        }) {
      HttpResponse<String> r =
          client.postForm(
              "/api/v1/domains/example.com/marks",
              java.util.Map.of("source", bad[0], "mark", bad[1]),
              "Authorization",
              tokenHeader);
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(json(r).get("error").asText()).contains(bad[2]);
    }
  }

  private static JsonNode source(JsonNode sources) {
    for (JsonNode s : sources.get("sources")) {
      if (s.get("source").get("value").asText().equals("198.51.100.7")) {
        return s;
      }
    }
    throw new AssertionError("198.51.100.7 not listed: " + sources);
  }

  @Test
  void thresholds_changedOnSettings_changeTheAdviceAndAreChecked() throws Exception {
    String page = admin.get("/settings").body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).isTrue();
    String csrf = m.group(1);
    assertThat(page).contains("name=\"aligned\"").contains("value=\"98\"");
    try {
      HttpResponse<String> r =
          admin.postForm(
              "/settings/thresholds",
              java.util.Map.of(
                  "_csrf",
                  csrf,
                  "aligned",
                  "55.5",
                  "window",
                  "7",
                  "reporters",
                  "1",
                  "unknown",
                  "5"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Advisor thresholds saved.");
      JsonNode a = json(api("/api/v1/domains/example.com/advice"));
      assertThat(a.get("from").asText()).isEqualTo("2026-03-09");
      assertThat(a.get("advice").get("gates").toString()).contains("55.5");
      HttpResponse<String> bad =
          admin.postForm(
              "/settings/thresholds",
              java.util.Map.of(
                  "_csrf",
                  csrf,
                  "aligned",
                  "<b>9</b>",
                  "window",
                  "7",
                  "reporters",
                  "1",
                  "unknown",
                  "5"));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains("'aligned' must be a number from 50 to 100")
          .doesNotContain("<b>9");
      assertThat(
              admin
                  .postForm(
                      "/settings/thresholds",
                      java.util.Map.of(
                          "aligned", "60", "window", "7", "reporters", "1", "unknown", "5"))
                  .statusCode())
          .as("without CSRF")
          .isEqualTo(403);
    } finally {
      admin.postForm(
          "/settings/thresholds",
          java.util.Map.of(
              "_csrf", csrf, "aligned", "98", "window", "14", "reporters", "3", "unknown", "1"));
    }
    assertThat(json(api("/api/v1/domains/example.com/advice")).get("from").asText())
        .isEqualTo("2026-03-02");
  }
}
