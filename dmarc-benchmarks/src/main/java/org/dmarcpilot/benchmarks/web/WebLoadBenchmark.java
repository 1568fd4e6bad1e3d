// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web benchmark: logs in to a running {@code dmarcpilot serve} on loopback and measures the
 * latency of the overview, a domain page and the main API calls with a bounded load loop.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.web.WebLoadBenchmark \
 *     http://127.0.0.1:8080/ admin PASSWORD [requests=1000] [concurrency=4] [days=30]
 * }</pre>
 *
 * The goal (issue 6): with 10 million records in the embedded store, p95 under 150 ms for each.
 */
public final class WebLoadBenchmark {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private WebLoadBenchmark() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: WebLoadBenchmark URL USER PASSWORD [requests] [concurrency] [days]");
      System.exit(2);
    }
    URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    int days = args.length > 5 ? Integer.parseInt(args[5]) : 30;
    for (LoadLoop.Result r : run(base, args[1], args[2], requests, concurrency, days)) {
      System.out.println(r);
    }
  }

  /** Logs in, discovers a domain and a report, and measures each path. */
  public static List<LoadLoop.Result> run(
      URI base, String user, String password, int requests, int concurrency, int days)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    login(client, base, user, password);
    ObjectMapper json = new ObjectMapper();
    String range = "days=" + days;
    JsonNode domains = json.readTree(get(client, base.resolve("api/v1/domains?" + range)));
    String domain = domains.get("domains").get(0).get("domain").asText();
    for (JsonNode d : domains.get("domains")) {
      if (d.get("messages").asLong() > domains.get("domains").get(0).get("messages").asLong()) {
        domain = d.get("domain").asText();
      }
    }
    JsonNode reports = json.readTree(get(client, base.resolve("api/v1/reports?" + range)));
    long reportId = reports.get("items").get(0).get("id").asLong();
    List<String> paths =
        List.of(
            "?" + range,
            "domains/" + domain + "?" + range,
            "reports?" + range,
            "api/v1/domains?" + range,
            "api/v1/domains/" + domain + "/series?" + range,
            "api/v1/domains/" + domain + "/summary?" + range,
            "api/v1/domains/" + domain + "/sources?" + range,
            "api/v1/domains/" + domain + "/advice?" + range,
            "api/v1/reports?" + range + "&domain=" + domain,
            "api/v1/reports/" + reportId,
            "api/v1/records?" + range + "&domain=" + domain,
            "api/v1/records?" + range + "&domain=" + domain + "&page=20");
    LoadLoop loop = new LoadLoop(base, client);
    List<LoadLoop.Result> results = new ArrayList<>();
    for (String p : paths) {
      results.add(
          loop.run(p, Math.min(50, requests), requests, concurrency, Duration.ofMinutes(3)));
    }
    return results;
  }

  private static String get(HttpClient client, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered " + r.statusCode());
    }
    return r.body();
  }

  private static void login(HttpClient client, URI base, String user, String password)
      throws IOException, InterruptedException {
    Matcher m = CSRF.matcher(get(client, base.resolve("login")));
    if (!m.find()) {
      throw new IOException("no login form at " + base.resolve("login"));
    }
    String form =
        "_csrf="
            + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
            + "&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&next=/";
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 303) {
      throw new IOException("login failed: HTTP " + r.statusCode());
    }
  }
}
