// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.StoreWebApp;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.Test;

/**
 * A client that downloads slowly: the export of many records to a client that stops reading for
 * longer than the server's idle timeout (a slow link, a paused download) is still sent whole, not
 * cut off with a broken chunked body. The server runs with an idle timeout of one second, so that
 * the test waits seconds, not minutes.
 */
class SlowDownloadIT {
  private static final Instant NOW = Instant.parse("2024-05-20T12:00:00Z");
  private static final int REPORTS = 40;
  private static final int RECORDS = 1000;

  @Test
  void export_toAClientThatPausesLongerThanTheIdleTimeout_arrivesWhole() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (TestStore db = TestStore.duckdb()) {
      List<AggregateReport> reports = new ArrayList<>();
      for (int i = 0; i < REPORTS; i++) {
        reports.add(TestReports.simple("google.com", "slow-" + i, "example.com", i % 19, RECORDS));
      }
      db.store(reports);
      try (StoreWebApp web =
          StoreWebApp.start(
              db.store(), new WebConfig("127.0.0.1", 0, false, Duration.ofSeconds(1)), clock)) {
        WebApplication app = web.app();
        Browserless b = new Browserless(app.uri());
        String csrf = b.login("admin", app.initialPassword().orElseThrow());
        HttpResponse<String> created =
            b.postForm("/settings/tokens", Map.of("_csrf", csrf, "name", "slow"));
        Matcher m =
            Pattern.compile("id=\"new-token\">(dp_[A-Za-z0-9_-]+)<").matcher(created.body());
        assertThat(m.find()).as("a token").isTrue();

        byte[] body =
            slowGet(
                app.uri(),
                "/api/v1/records/export?format=csv&from=2024-05-01&to=2024-05-20",
                m.group(1));
        String csv = new String(body, StandardCharsets.UTF_8);
        assertThat(csv.lines().count())
            .as("header and every record")
            .isEqualTo(1L + REPORTS * RECORDS);
      }
    }
  }

  /**
   * Sends a GET (keep-alive, so the body is chunked and its end is seen) over a socket with a small
   * receive window, reads the head and a little, stops reading for three idle timeouts, then reads
   * to the end; returns the de-chunked body, or fails when the body ends before its last chunk.
   */
  private static byte[] slowGet(URI base, String path, String token) throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = readLine(in);
      assertThat(head).startsWith("HTTP/1.1 200");
      StringBuilder headers = new StringBuilder();
      for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
        headers.append(h.toLowerCase(java.util.Locale.ROOT)).append('\n');
      }
      assertThat(headers.toString())
          .as("a streamed (chunked) body")
          .contains("transfer-encoding: chunked");
      Thread.sleep(3000); // the server's writes block: no progress for three idle timeouts
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        if (size == null) {
          throw new AssertionError("the body ended before its last chunk");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          assertThat(readLine(in)).as("the end of the chunked body").isEmpty();
          // the download's allowance ends with it: the idle keep-alive connection is closed after
          // the server's own idle timeout again, not after the download's ten minutes
          long idleFrom = System.nanoTime();
          assertThat(in.read()).as("the server closes the idle connection").isEqualTo(-1);
          assertThat(Duration.ofNanos(System.nanoTime() - idleFrom))
              .isLessThan(Duration.ofSeconds(30));
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length < n) {
          throw new AssertionError("the body ended inside a chunk");
        }
        body.write(chunk);
        readLine(in);
      }
    }
  }

  /** A CRLF-terminated line without its end, or null at the end of the stream. */
  private static String readLine(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
