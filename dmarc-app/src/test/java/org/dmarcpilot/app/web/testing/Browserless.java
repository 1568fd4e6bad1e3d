// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

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
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP client with a cookie jar, as a browser without scripts would behave. */
public final class Browserless {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");

  private final HttpClient client;
  private final URI base;

  /** A client for the server at {@code base}. */
  public Browserless(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** GET a path. */
  public HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET a path as bytes. */
  public HttpResponse<byte[]> getBytes(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POST a form. */
  public HttpResponse<String> postForm(String path, Map<String, String> fields, String... headers)
      throws IOException, InterruptedException {
    StringJoiner j = new StringJoiner("&");
    fields.forEach(
        (k, v) ->
            j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(
        b.POST(HttpRequest.BodyPublishers.ofString(j.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST any body (built by the caller, also malformed or endless) with its content type. */
  public HttpResponse<String> post(
      String path, String contentType, HttpRequest.BodyPublisher body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.POST(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST a multipart body with one {@code file} part per entry. */
  public HttpResponse<String> postFiles(String path, Map<String, byte[]> files, String... headers)
      throws IOException, InterruptedException {
    String boundary = "----dp" + System.nanoTime();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + f.getKey()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(f.getValue());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(
        b.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The first {@code _csrf} form value in an HTML page. */
  public static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no _csrf field in the page");
    }
    return m.group(1);
  }

  /** Logs in through the form; returns the session's CSRF token (from the overview page). */
  public String login(String user, String password) throws IOException, InterruptedException {
    HttpResponse<String> form = get("/login");
    HttpResponse<String> r =
        postForm(
            "/login",
            Map.of(
                "_csrf", csrf(form.body()), "username", user, "password", password, "next", "/"));
    if (r.statusCode() != 303) {
      throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
    }
    return csrf(get("/").body());
  }
}
