// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dmarcpilot.check.BimiSource;
import org.dmarcpilot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpsBimiSource} against a real HTTPS server on a loopback port (the JDK's HttpsServer
 * with a test certificate): a logo, a body over the limit, a server that trickles its body, a
 * redirect to plain http, and an untrusted certificate.
 */
class HttpsBimiSourceIT {
  private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  private static HttpsServer server;
  private static SSLContext clientTls;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    TestPki.Issued cert =
        TestPki.issue(
            null,
            "localhost",
            Instant.now().minusSeconds(3600),
            Instant.now().plusSeconds(86400),
            List.of("localhost"),
            null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(TestPki.serverContext(cert)));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/logo.svg",
        ex -> {
          byte[] b = SVG.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "image/svg+xml");
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
          }
        });
    server.createContext(
        "/big.svg",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(new byte[BimiSource.MAX_SVG_BYTES * 3]);
          }
        });
    server.createContext(
        "/slow.svg",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          try (OutputStream o = ex.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
              o.write('<');
              o.flush();
              Thread.sleep(200);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (java.io.IOException e) {
            // the client gave up, as it should
          }
        });
    server.createContext(
        "/redirect.svg",
        ex -> {
          ex.getResponseHeaders().add("Location", "http://localhost:1/logo.svg");
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.start();
    base = "https://localhost:" + server.getAddress().getPort();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A generous deadline: the machine running the tests may be busy. */
  private static HttpsBimiSource source() {
    return new HttpsBimiSource(Duration.ofSeconds(10), clientTls);
  }

  @Test
  void fetch_logo() {
    BimiSource.Response r = source().fetch(base + "/logo.svg", BimiSource.MAX_SVG_BYTES);
    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("image/svg+xml");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(SVG);
  }

  @Test
  void fetch_tooLarge_isAnError() {
    BimiSource.Response r = source().fetch(base + "/big.svg", BimiSource.MAX_SVG_BYTES);
    assertThat(r.body()).isNull();
    assertThat(r.error()).isEqualTo("larger than 32768 bytes");
  }

  @Test
  void fetch_tricklingBody_endsAtTheDeadline() {
    BimiSource.Response r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () ->
                new HttpsBimiSource(Duration.ofSeconds(2), clientTls)
                    .fetch(base + "/slow.svg", BimiSource.MAX_SVG_BYTES));
    assertThat(r.body()).isNull();
    assertThat(r.error()).contains("did not arrive within 2000 ms");
  }

  @Test
  void fetch_redirectToHttp_notFollowed() {
    BimiSource.Response r = source().fetch(base + "/redirect.svg", BimiSource.MAX_SVG_BYTES);
    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(302);
    assertThat(r.body()).isNullOrEmpty();
  }

  @Test
  void fetch_untrustedCertificate_isAnError() {
    BimiSource.Response r =
        new HttpsBimiSource(Duration.ofSeconds(2))
            .fetch(base + "/logo.svg", BimiSource.MAX_SVG_BYTES);
    assertThat(r.body()).isNull();
    assertThat(r.error()).containsIgnoringCase("SSL");
  }

  @Test
  void fetch_notHttps_isAnError() {
    assertThat(source().fetch("http://localhost/x.svg", 10).error()).isEqualTo("not an https URL");
    assertThat(source().fetch("https://exa mple/x", 10).error()).startsWith("not a valid URL");
  }
}
