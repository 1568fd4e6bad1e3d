// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the HTTP layer refuses before any route runs (a NUL or bad UTF-8 in the path, a control
 * character in a header, headers too large, a malformed Host): they were answered with Jetty's own
 * HTML page, without the security headers every other answer has, and as HTML on API paths too.
 */
class ProtocolErrorsIT {
  private static WebFixture web;

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
  }

  static Stream<Arguments> refused() {
    String big = "a".repeat(20_000);
    return Stream.of(
        // Jetty does not pass on a path with a NUL (it names it "/badMessage"): plain text
        Arguments.of("GET /api/v1/reports%00 HTTP/1.1\r\nHost: x\r\n", 400, false),
        Arguments.of("GET /api/v1/%ff%fe HTTP/1.1\r\nHost: x\r\n", 400, true),
        Arguments.of("GET /reports%00 HTTP/1.1\r\nHost: x\r\n", 400, false),
        Arguments.of(
            "GET /api/v1/reports HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n", 431, true),
        Arguments.of("GET /api/v1/reports HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n", 400, true),
        Arguments.of("GET /reports HTTP/1.1\r\nHost: a b<c>\r\n", 400, false));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusedByTheHttpLayer_answerWithSecurityHeadersAndNoHtml(
      String head, int status, boolean api) throws IOException {
    String answer = raw(head + "Connection: close\r\n\r\n");
    int split = answer.indexOf("\r\n\r\n");
    String headers = answer.substring(0, split).toLowerCase(java.util.Locale.ROOT);
    String body = answer.substring(split + 4);

    assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
    assertThat(headers)
        .contains("content-security-policy: default-src 'none'")
        .contains("x-content-type-options: nosniff")
        .contains("x-frame-options: deny")
        .contains(api ? "content-type: application/json" : "content-type: text/plain");
    assertThat(body).doesNotContain("<").isNotBlank();
    if (api) {
      assertThat(body).startsWith("{\"status\":" + status + ",\"error\":\"");
    }
  }

  private static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", web.server().port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
