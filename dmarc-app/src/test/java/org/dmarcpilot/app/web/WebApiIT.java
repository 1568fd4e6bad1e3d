// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SampleData;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The REST API and the pages over HTTP, against a real server on a loopback port: status codes,
 * authentication, CSRF, paging, bad parameters, the OpenAPI document, security headers.
 */
class WebApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static WebFixture web;
  private static Browserless admin;
  private static String csrf;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
    admin = new Browserless(web.uri());
    csrf = admin.login("admin", web.adminPassword());
    HttpResponse<String> created =
        admin.postForm("/settings/tokens", Map.of("_csrf", csrf, "name", "api-test"));
    assertThat(created.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile("id=\"new-token\">(dp_[A-Za-z0-9_-]+)<").matcher(created.body());
    assertThat(m.find()).as("token shown once").isTrue();
    token = m.group(1);
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

  @Test
  void health_isPublic() throws Exception {
    HttpResponse<String> r = new Browserless(web.uri()).get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("up");
  }

  @Test
  void everyProtectedRoute_withoutLogin_redirectsPagesAndRefusesApi() throws Exception {
    Browserless anonymous = new Browserless(web.uri());
    for (Route route : web.server().routes()) {
      if (route.access() == Access.PUBLIC) {
        continue;
      }
      String path =
          route
              .path()
              .replace("{domain}", "example.com")
              .replace("{id}", "1")
              .replace("{username}", "admin")
              .replace("{ip}", "192.0.2.10");
      HttpResponse<String> r =
          route.method() == HandlerType.GET
              ? anonymous.get(path)
              : anonymous.postForm(path, Map.of());
      if (route.path().startsWith("/api/") || route.path().equals("/metrics")) {
        assertThat(r.statusCode()).as(route.toString()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).as(route.toString()).contains("authentication");
      } else {
        assertThat(r.statusCode()).as(route.toString()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow())
            .as(route.toString())
            .startsWith("/login");
      }
    }
  }

  @Test
  void pageWithoutLogin_redirectsToLoginWithNext() throws Exception {
    HttpResponse<String> r = new Browserless(web.uri()).get("/reports?days=7");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Freports%3Fdays%3D7");
  }

  @Test
  void login_wrongPassword_isRefused() throws Exception {
    Browserless b = new Browserless(web.uri());
    String form = Browserless.csrf(b.get("/login").body());
    HttpResponse<String> r =
        b.postForm(
            "/login", Map.of("_csrf", form, "username", "admin", "password", "wrong-password-1"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong user name or password.");
    assertThat(b.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void login_withoutCsrf_isRefused() throws Exception {
    Browserless b = new Browserless(web.uri());
    b.get("/login");
    HttpResponse<String> r =
        b.postForm("/login", Map.of("username", "admin", "password", web.adminPassword()));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void sessionCookie_isHttpOnlyAndSameSite() throws Exception {
    Browserless b = new Browserless(web.uri());
    String form = Browserless.csrf(b.get("/login").body());
    HttpResponse<String> r =
        b.postForm(
            "/login",
            Map.of(
                "_csrf",
                form,
                "username",
                "admin",
                "password",
                web.adminPassword(),
                "next",
                "//evil.example/x"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).as("no open redirect").hasValue("/");
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("dp_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    assertThat(cookie).doesNotContain("Secure"); // plain HTTP on loopback
  }

  @Test
  void formPost_withoutCsrf_isRefused() throws Exception {
    HttpResponse<String> r = admin.postForm("/settings/tokens", Map.of("name", "no-csrf"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF");
    HttpResponse<String> wrong =
        admin.postForm("/settings/tokens", Map.of("name", "bad-csrf", "_csrf", "x" + csrf));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(web.auth().tokens()).noneMatch(t -> t.name().contains("csrf"));
  }

  @Test
  void apiUpload_fromSession_needsCsrfHeader() throws Exception {
    Map<String, byte[]> files =
        Map.of(
            "a.xml",
            web.data().reportXml("csrf.example", "r-csrf").getBytes(StandardCharsets.UTF_8));
    assertThat(admin.postFiles("/api/v1/reports", files).statusCode()).isEqualTo(403);
    HttpResponse<String> ok = admin.postFiles("/api/v1/reports", files, "X-CSRF-Token", csrf);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("files").get(0).get("status").asText()).isEqualTo("stored");
  }

  @Test
  void apiUpload_withToken_givesOneResultPerFile() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "good.xml",
        web.data().reportXml("token.example", "r-token").getBytes(StandardCharsets.UTF_8));
    files.put("bad.txt", "hello".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        new Browserless(web.uri())
            .postFiles("/api/v1/reports", files, "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode f = json(r).get("files");
    assertThat(f).hasSize(2);
    assertThat(f.get(0).get("status").asText()).isEqualTo("stored");
    long id = f.get(0).get("reportIds").get(0).asLong();
    assertThat(api("/api/v1/reports/" + id).statusCode()).isEqualTo(200);
    assertThat(f.get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(f.get(1).get("message").asText()).isNotBlank();
    JsonNode stored = json(api("/api/v1/reports/" + id));
    assertThat(stored.get("summary").get("orgName").asText()).isEqualTo("token.example");
    assertThat(stored.get("records")).hasSize(2);
  }

  @Test
  void apiUpload_notMultipart_is400() throws Exception {
    HttpResponse<String> r =
        new Browserless(web.uri())
            .postForm("/api/v1/reports", Map.of("x", "y"), "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("multipart");
  }

  @Test
  void apiToken_wrongOrRevoked_is401() throws Exception {
    HttpResponse<String> r =
        new Browserless(web.uri()).get("/api/v1/domains", "Authorization", "Bearer dp_0000_nope");
    assertThat(r.statusCode()).isEqualTo(401);
    var created = web.auth().createToken("admin", "short-lived");
    Browserless b = new Browserless(web.uri());
    assertThat(b.get("/api/v1/domains", "Authorization", "Bearer " + created.secret()).statusCode())
        .isEqualTo(200);
    web.auth().revokeToken(created.token().id());
    assertThat(b.get("/api/v1/domains", "Authorization", "Bearer " + created.secret()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void domains_totalsAreTheSumOfTheDomains() throws Exception {
    JsonNode j = json(api("/api/v1/domains?days=30"));
    long sum = 0;
    for (JsonNode d : j.get("domains")) {
      sum += d.get("messages").asLong();
      assertThat(d.get("daily")).hasSize(30);
    }
    assertThat(j.get("totals").get("messages").asLong()).isEqualTo(sum).isPositive();
    assertThat(j.get("totals").get("domains").asInt()).isEqualTo(j.get("domains").size());
    assertThat(j.get("range").get("to").asText()).isEqualTo("2026-03-15");
  }

  @Test
  void domainSeries_hasOneEntryPerDay() throws Exception {
    JsonNode j = json(api("/api/v1/domains/example.com/series?from=2026-03-01&to=2026-03-15"));
    assertThat(j.get("days")).hasSize(15);
    assertThat(j.get("days").get(14).get("messages").asLong()).isPositive();
    assertThat(api("/api/v1/domains/example.com/summary").statusCode()).isEqualTo(200);
    assertThat(api("/api/v1/domains/nothing.example/summary").statusCode()).isEqualTo(404);
  }

  @Test
  void reports_pageThroughAll() throws Exception {
    JsonNode first = json(api("/api/v1/reports?days=30&size=7"));
    long total = first.get("total").asLong();
    assertThat(total).isGreaterThan(20);
    assertThat(first.get("pages").asLong()).isEqualTo((total + 6) / 7);
    Set<Long> ids = new HashSet<>();
    for (int p = 1; p <= first.get("pages").asInt(); p++) {
      JsonNode page = json(api("/api/v1/reports?days=30&size=7&page=" + p));
      assertThat(page.get("page").asInt()).isEqualTo(p);
      page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
    }
    assertThat(ids).hasSize((int) total);
    JsonNode filtered = json(api("/api/v1/reports?days=30&domain=shop.example.org"));
    filtered
        .get("items")
        .forEach(i -> assertThat(i.get("domain").asText()).isEqualTo("shop.example.org"));
    assertThat(filtered.get("total").asLong()).isEqualTo(5);
  }

  @Test
  void report_oneAndOriginal() throws Exception {
    JsonNode r = json(api("/api/v1/reports/1"));
    assertThat(r.get("summary").get("id").asLong()).isEqualTo(1);
    assertThat(r.get("records")).isNotEmpty();
    assertThat(r.get("policy").get("p").asText()).isEqualTo("quarantine");
    HttpResponse<byte[]> o =
        new Browserless(web.uri())
            .getBytes("/api/v1/reports/1/original", "Authorization", "Bearer " + token);
    assertThat(o.statusCode()).isEqualTo(200);
    assertThat(o.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");
    assertThat(new String(o.body(), StandardCharsets.UTF_8)).startsWith("<feedback>");
    assertThat(api("/api/v1/reports/999999").statusCode()).isEqualTo(404);
    assertThat(api("/api/v1/reports/999999/original").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} -> 400 mentioning {1}")
  @CsvSource({
    "/api/v1/reports?page=0, 'page'",
    "/api/v1/reports?size=501, 'size'",
    "/api/v1/reports?size=abc, 'size'",
    "/api/v1/reports?from=2026-13-01, 'from'",
    "/api/v1/reports?from=2026-03-10&to=2026-03-01, 'before'",
    "/api/v1/domains?days=0, 'days'",
    "/api/v1/domains?days=x, 'days'",
    "/api/v1/reports?domain=exa%20mple, 'domain'",
    "/api/v1/reports/abc, 'id'",
    "/api/v1/reports/-5, 'id'",
    "/api/v1/domains/bad%3Cname%3E/series, 'domain'",
  })
  void badParameters_are400WithAMessage(String path, String mention) throws Exception {
    HttpResponse<String> r = api(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains("application/json");
    assertThat(json(r).get("error").asText()).contains(mention);
  }

  /**
   * {@code LocalDate.parse} also reads years of five to nine digits with a sign; at the ends of
   * that range a day later or 29 days earlier does not exist, and every route that takes a range
   * answered 500. The parameter says YYYY-MM-DD, so anything else is a 400 naming it, on pages and
   * API alike.
   */
  @ParameterizedTest(name = "{0}?{1} -> 400 naming {2}")
  @CsvSource({
    "/api/v1/domains, to=-999999999-01-01, 'to'",
    "/api/v1/domains/example.com/series, from=+999999999-12-31&to=+999999999-12-31, 'from'",
    "/api/v1/domains/example.com/sources, from=-999999999-01-01&to=-999999999-01-02, 'from'",
    "/api/v1/domains/example.com/simulate, from=+999999999-12-31, 'from'",
    "/api/v1/reports, from=+99999-01-01&to=+99999-01-02, 'from'",
    "/api/v1/records, to=+999999999-12-31, 'to'",
    "/api/v1/records/export, from=-999999999-01-01&to=-999999999-01-02, 'from'",
    "/, to=-999999999-01-01, 'to'",
    "/domains/example.com, from=+999999999-12-31&to=+999999999-12-31, 'from'",
    "/reports, from=-999999999-01-01&to=-999999999-01-02, 'from'",
    "/sources/198.51.100.7, to=-999999999-01-01, 'to'",
  })
  void datesWithoutFourDigitYears_are400NamingTheParameter(String path, String query, String name)
      throws Exception {
    String q = query.replace("+", "%2B");
    HttpResponse<String> r =
        path.startsWith("/api/") ? api(path + "?" + q) : admin.get(path + "?" + q);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("parameter '" + name + "' must be a date as YYYY-MM-DD");
  }

  @Test
  void sourcePage_showsTheAddressAndRefusesNonAddresses() throws Exception {
    HttpResponse<String> r = admin.get("/sources/198.51.100.7?days=30");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("id=\"source-ip\">198.51.100.7<").contains("example.net");
    assertThat(admin.get("/sources/evil.example").statusCode()).isEqualTo(400);
    assertThat(admin.get("/sources/1.2.3.4.5").statusCode()).isEqualTo(400);
  }

  @Test
  void check_auditsFromDnsAndEscapesWhatDnsSays() throws Exception {
    HttpResponse<String> page = admin.get("/check?domain=example.com");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<h2>DMARC</h2>").contains("id=\"recommended-record\"");
    assertThat(page.body()).contains("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
    HttpResponse<String> evil = admin.get("/check?domain=evil.example");
    assertThat(evil.body()).contains("&lt;script&gt;window.__xss=4&lt;/script&gt;");
    assertThat(evil.body()).doesNotContain("<script>window.__xss");
    JsonNode j = json(api("/api/v1/check/example.com"));
    assertThat(j.get("domain").asText()).isEqualTo("example.com");
    assertThat(j.get("findings").size()).isPositive();
    assertThat(j.get("findings").get(0).get("fix")).isNotNull();
    assertThat(api("/api/v1/check/not%20a%20domain").statusCode()).isEqualTo(400);
    assertThat(admin.get("/check").statusCode()).as("form without a domain").isEqualTo(200);
    String fragment = admin.get("/check?domain=example.com&fragment=true").body();
    assertThat(fragment)
        .contains("check-section")
        .doesNotContain("<header")
        .doesNotContain("<html");
  }

  @Test
  void liveRecord_api_thePublishedRecordFindingsAndTheNextRecord() throws Exception {
    HttpResponse<String> r = api("/api/v1/domains/example.com/record");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = json(r);
    assertThat(j.get("domain").asText()).isEqualTo("example.com");
    assertThat(j.get("dmarc").get("status").asText()).isEqualTo("FOUND");
    assertThat(j.get("dmarc").get("records").get(0).asText())
        .isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
    assertThat(j.get("sections").findValuesAsText("section")).contains("DMARC", "SPF", "DKIM");
    assertThat(j.get("sections").get(0).get("findings").get(0).get("fix")).isNotNull();
    assertThat(j.get("selectors").get(0).asText()).isEqualTo("google");
    assertThat(j.get("nextRecord").asText()).startsWith("v=DMARC1;");
    assertThat(j.get("diff").findValuesAsText("tag")).contains("v", "p");
    assertThat(j.get("error").isNull()).isTrue();

    JsonNode none = json(api("/api/v1/domains/example.net/record"));
    assertThat(none.get("dmarc").get("status").asText()).isEqualTo("NONE");
    assertThat(none.get("dmarc").get("dns").asText()).isEqualTo("NXDOMAIN");

    assertThat(api("/api/v1/domains/not%20a%20domain/record").statusCode()).isEqualTo(400);
    assertThat(json(api("/api/v1/domains/-x-/record")).get("error").asText()).isNotBlank();
    assertThat(new Browserless(web.uri()).get("/api/v1/domains/example.com/record").statusCode())
        .isEqualTo(401);
  }

  @Test
  void domainPage_subdomainsWithTheirOwnReportsLinkToTheirPages() throws Exception {
    String parent = admin.get("/domains/example.org?days=30").body();
    assertThat(parent)
        .contains("id=\"subdomains-table\"")
        .contains("<a href=\"/domains/shop.example.org?");
    assertThat(admin.get("/domains/example.net?days=30").body())
        .contains("id=\"subdomains-empty\"");
  }

  @Test
  void liveRecord_panel_fragmentEscapedAndCheckAgainNeedsTheCsrfToken() throws Exception {
    HttpResponse<String> page = admin.get("/domains/example.com?days=30");
    assertThat(page.body())
        .contains("hx-get=\"/domains/example.com/record\"")
        .contains("id=\"advice-origin\" data-origin=\"dns\"");
    // the advisor starts from the published record: its rua carries over
    assertThat(json(api("/api/v1/domains/example.com/advice")).get("publishedRecord").asText())
        .isEqualTo("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
    assertThat(admin.get("/domains/example.net?days=30").body())
        .contains("id=\"advice-origin\" data-origin=\"report\"");
    HttpResponse<String> r = admin.get("/domains/example.com/record");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("id=\"live-published\">v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com<")
        .contains("id=\"live-next\">v=DMARC1; p=reject; rua=mailto:dmarc@example.com<")
        .contains("id=\"live-diff\"")
        .contains("class=\"check-section live-section\" id=\"live-dmarc\"")
        .contains("hx-post=\"/domains/example.com/record\"")
        .doesNotContain("<html")
        .doesNotContain("<header");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");

    HttpResponse<String> evil = admin.get("/domains/evil.example/record");
    assertThat(evil.statusCode()).isEqualTo(200);
    assertThat(evil.body())
        .contains("&lt;script&gt;window.__xss=4&lt;/script&gt;")
        .doesNotContain("<script>window.__xss");

    HttpResponse<String> missing = admin.get("/domains/nothing-here.example/record");
    assertThat(missing.statusCode()).isEqualTo(200);
    assertThat(missing.body())
        .contains("id=\"live-dmarc-status\"")
        .contains("NXDOMAIN")
        .contains("does not exist");

    assertThat(admin.postForm("/domains/example.com/record", Map.of()).statusCode())
        .as("no CSRF token")
        .isEqualTo(403);
    HttpResponse<String> again =
        admin.postForm(
            "/domains/example.com/record", Map.of(), "X-CSRF-Token", csrf, "HX-Request", "true");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("id=\"live-published\"");
    HttpResponse<String> plain =
        admin.postForm("/domains/example.com/record", Map.of("_csrf", csrf));
    assertThat(plain.statusCode()).isEqualTo(303);
    assertThat(plain.headers().firstValue("Location")).hasValue("/domains/example.com#live-check");
  }

  @Test
  void ingestion_listsFailuresEscapedWithTheirOriginal() throws Exception {
    HttpResponse<String> page = admin.get("/ingestion");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("&lt;b onmouseover=alert(1)&gt;")
        .doesNotContain("<b onmouseover");
    HttpResponse<String> original = admin.get("/ingestion/failures/7/original");
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(original.body()).isEqualTo("junk content");
    assertThat(original.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment");
    assertThat(admin.get("/ingestion/failures/8/original").statusCode()).isEqualTo(404);
  }

  @Test
  void badParameterOnAPage_is400Page() throws Exception {
    HttpResponse<String> r = admin.get("/reports?page=-1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("page").contains("<h1>");
  }

  /**
   * OpenAPI 3.0 ignores every key beside a {@code $ref}, so a {@code nullable} written next to one
   * was lost: a client generated from the document took {@code SourceReport.fix} (null for every
   * aligned source) and {@code AuditReport.recommendation} for always present, and a validating
   * client refused the answers of {@code /domains/{domain}/sources} and {@code /check/{domain}}.
   */
  @Test
  void openApi_referencesStandAlone_nullableOnesWrapped() throws Exception {
    JsonNode doc = json(api(Routes.OPENAPI));
    List<String> extended = new ArrayList<>();
    referencesWithSiblings(doc, "", extended);
    assertThat(extended).as("$ref objects with other keys").isEmpty();
    JsonNode fix = doc.at("/components/schemas/SourceReport/properties/fix");
    assertThat(fix.get("nullable").asBoolean()).isTrue();
    assertThat(fix.at("/allOf/0/$ref").asText()).isEqualTo("#/components/schemas/AlignmentFix");
    assertThat(doc.at("/components/schemas/SourceReport/required").toString())
        .doesNotContain("\"fix\"");
  }

  private static void referencesWithSiblings(JsonNode node, String at, List<String> out) {
    if (node.isObject()) {
      if (node.has("$ref") && node.size() > 1) {
        out.add(at);
      }
      node.properties()
          .forEach(e -> referencesWithSiblings(e.getValue(), at + "/" + e.getKey(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        referencesWithSiblings(node.get(i), at + "/" + i, out);
      }
    }
  }

  @Test
  void openApi_listsExactlyTheApiRoutes() throws Exception {
    JsonNode doc = json(api(Routes.OPENAPI));
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    Set<String> documented = new HashSet<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      p.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey()));
    }
    Set<String> routed = new HashSet<>();
    for (Route r : web.server().routes()) {
      if (r.isApi()) {
        routed.add(r.method().name() + " " + r.path());
      }
    }
    assertThat(documented).isEqualTo(routed);
    // every documented GET answers (not 404 for the route itself), and an undocumented path is 404
    for (String route : routed) {
      if (route.startsWith("GET ")) {
        String path = route.substring(4).replace("{domain}", "example.com").replace("{id}", "1");
        assertThat(api(path).statusCode()).as(route).isEqualTo(200);
      }
    }
    assertThat(api("/api/v1/not-a-route").statusCode()).isEqualTo(404);
    assertThat(doc.at("/components/schemas/ReportListJson/properties/items/type").asText())
        .isEqualTo("array");
  }

  @Test
  void openApi_describesTheRecordExportAsItIsWritten() throws Exception {
    JsonNode doc = json(api(Routes.OPENAPI));
    JsonNode content = doc.at("/paths/~1api~1v1~1records~1export/get/responses/200/content");
    assertThat(content.has("text/csv")).isTrue();
    JsonNode array = content.at("/application~1json/schema");
    assertThat(array.get("type").asText()).isEqualTo("array");
    String ref = array.at("/items/$ref").asText();
    assertThat(ref).isEqualTo("#/components/schemas/RecordExport");
    JsonNode schema = doc.at(ref.substring(1));
    List<String> keys = new java.util.ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(org.dmarcpilot.app.store.ExportWriter.COLUMNS);
    assertThat(schema.at("/properties/dkim/items/properties").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("domain", "selector", "result", "human_result");
    assertThat(schema.at("/properties/spf/items/properties").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("domain", "scope", "result", "human_result");
    assertThat(schema.at("/properties/overrides/items/properties").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("type", "comment");

    // what the export writes has exactly those keys, and null only where the schema allows it
    JsonNode exported = json(api("/api/v1/records/export?days=30&format=json"));
    assertThat(exported).isNotEmpty();
    for (JsonNode row : exported) {
      List<String> rowKeys = new java.util.ArrayList<>();
      row.fieldNames().forEachRemaining(rowKeys::add);
      assertThat(rowKeys).isEqualTo(keys);
      for (Map.Entry<String, JsonNode> f : row.properties()) {
        JsonNode property = schema.get("properties").get(f.getKey());
        assertThat(property.get("type").asText())
            .as(f.getKey())
            .isEqualTo(
                f.getValue().isNull()
                    ? property.get("type").asText()
                    : f.getValue().isArray()
                        ? "array"
                        : f.getValue().isNumber() ? "integer" : "string");
        if (f.getValue().isNull()) {
          assertThat(property.path("nullable").asBoolean()).as(f.getKey()).isTrue();
        }
      }
    }
  }

  @Test
  void securityHeaders_onPagesApiStaticAndErrors() throws Exception {
    for (String path :
        new String[] {"/", "/api/v1/domains", "/static/app.css", "/nope", "/login"}) {
      HttpResponse<String> r = admin.get(path);
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).as(path).contains("script-src 'self'").contains("frame-ancestors 'none'");
      assertThat(csp).as(path).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
    }
  }

  @Test
  void pages_haveNoInlineScriptOrStyle() throws Exception {
    for (String path :
        new String[] {
          "/",
          "/reports",
          "/reports/1",
          "/domains/example.com",
          "/upload",
          "/settings",
          "/sources/192.0.2.10",
          "/check?domain=example.com",
          "/check?domain=example.com&fragment=true",
          "/domains/example.com/record",
          "/domains/evil.example/record",
          "/ingestion"
        }) {
      String html = admin.get(path).body();
      assertThat(html).as(path).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
      assertThat(html)
          .as(path)
          .doesNotContain("style=")
          .doesNotContain("<style")
          .doesNotContain(" onclick=");
    }
  }

  @Test
  void hostileOrgName_isEscapedInPages() throws Exception {
    String list = admin.get("/reports?days=30&domain=example.net&size=500").body();
    assertThat(list).contains("&lt;script&gt;window.__xss=1&lt;/script&gt;");
    assertThat(list).doesNotContain(SampleData.HOSTILE_ORG);
  }

  @Test
  void assets_areServedByUs() throws Exception {
    for (String path :
        new String[] {
          org.dmarcpilot.app.web.http.Assets.HTMX,
          org.dmarcpilot.app.web.http.Assets.CHART_JS,
          org.dmarcpilot.app.web.http.Assets.CSS,
          org.dmarcpilot.app.web.http.Assets.JS
        }) {
      HttpResponse<String> r = new Browserless(web.uri()).get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body().length()).as(path).isGreaterThan(1000);
    }
  }

  @Test
  void metrics_needAuthAndCountRequests() throws Exception {
    api("/api/v1/domains");
    HttpResponse<String> r = api("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("http_server_requests_seconds_count")
        .contains("uri=\"/api/v1/domains\"");
  }

  @Test
  void logout_endsTheSession() throws Exception {
    Browserless b = new Browserless(web.uri());
    String c = b.login("admin", web.adminPassword());
    assertThat(b.get("/").statusCode()).isEqualTo(200);
    assertThat(b.postForm("/logout", Map.of("_csrf", c)).statusCode()).isEqualTo(303);
    assertThat(b.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void records_pagedAndExported_agree() throws Exception {
    JsonNode page = json(api("/api/v1/records?days=30&domain=example.net&size=10"));
    long total = page.get("total").asLong();
    assertThat(total).isGreaterThan(10);
    assertThat(page.get("items")).hasSize(10);
    assertThat(page.get("items").get(0).get("domain").asText()).isEqualTo("example.net");
    HttpResponse<String> csv = api("/api/v1/records/export?days=30&domain=example.net");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("report_pk,org_name");
    assertThat(lines).hasSize((int) total + 1);
    assertThat(csv.body())
        .as("quoted, inner quotes doubled")
        .contains(",\"" + SampleData.HOSTILE_ORG.replace("\"", "\"\"") + "\",");
    JsonNode array = json(api("/api/v1/records/export?days=30&domain=example.net&format=json"));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize((int) total);
    assertThat(api("/api/v1/records/export?format=xml").statusCode()).isEqualTo(400);
    assertThat(api("/api/v1/records?source_ip=not-an-ip").statusCode()).isEqualTo(400);
    JsonNode one = json(api("/api/v1/records?days=30&source_ip=198.51.100.7&size=500"));
    one.get("items").forEach(i -> assertThat(i.get("sourceIp").asText()).isEqualTo("198.51.100.7"));
  }
}
