// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile HTTP requests against a real server on a loopback port: bodies too large or too slow,
 * malformed multipart uploads, many uploads at once, parameters in odd spellings. Each gets a clear
 * answer that names the problem, never a 500, and none ties up the server or its heap.
 */
class HostileRequestsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The uploads in progress at the moment, and the most seen at once. */
  private static final AtomicInteger UPLOADING = new AtomicInteger();

  private static final AtomicInteger MOST_UPLOADING = new AtomicInteger();

  /** How long each upload holds on before returning (to make overlaps visible). */
  private static final AtomicLong HOLD_MILLIS = new AtomicLong();

  private static WebFixture web;
  private static Browserless admin;
  private static String csrf;

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.start(HostileRequestsIT::watched);
    admin = new Browserless(web.uri());
    csrf = admin.login("admin", web.adminPassword());
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
  }

  private static ReportUploads watched(ReportUploads inner) {
    return (name, content) -> {
      MOST_UPLOADING.accumulateAndGet(UPLOADING.incrementAndGet(), Math::max);
      try {
        Thread.sleep(HOLD_MILLIS.get());
        return inner.upload(name, content);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new UploadResult(name, UploadResult.Status.REJECTED, List.of(), 0, "interrupted");
      } finally {
        UPLOADING.decrementAndGet();
      }
    };
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /**
   * An unauthenticated form post of 2 MiB (a login form is under 1 KiB) was read whole into the
   * heap: up to the 256 MiB request limit, and two such posts at once ran a 256 MiB server out of
   * memory. It is refused once it passes the form limit, also when it comes without a length.
   */
  @Test
  void loginForm_farOverTheLimit_is413NamingTheLimit() throws Exception {
    byte[] big = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    Browserless anyone = new Browserless(web.uri());
    // The server answers once the limit has passed and closes the connection while the client is
    // still sending, so the client may see the close before the 413 (seen under load in CI, with
    // and without a length). A close is a refusal too; reading the body and answering the login
    // (the old behaviour: 200 or a redirect) is not. The 413's text is checked on the first answer
    // that arrives.
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      postOrClosed(anyone, HttpRequest.BodyPublishers.ofByteArray(big)).ifPresent(answers::add);
      postOrClosed(
              anyone, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
          .ifPresent(answers::add);
    }
    assertThat(answers).isNotEmpty().allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(413));
    assertThat(answers.get(0).body())
        .contains("larger than " + WebServer.MAX_FORM_BYTES + " bytes");
    assertThat(new Browserless(web.uri()).get("/health").statusCode()).isEqualTo(200);
  }

  /** The answer to a login post of {@code body}, or empty when the server closed first. */
  private static java.util.Optional<HttpResponse<String>> postOrClosed(
      Browserless client, HttpRequest.BodyPublisher body) throws InterruptedException {
    try {
      return java.util.Optional.of(
          client.post("/login", "application/x-www-form-urlencoded", body));
    } catch (IOException closedWhileSending) {
      return java.util.Optional.empty();
    }
  }

  static List<Object[]> malformedMultipart() {
    String part = "Content-Disposition: form-data; name=\"file\"; filename=\"a.xml\"\r\n\r\n";
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1200; i++) {
      many.append("--BB\r\nContent-Disposition: form-data; name=\"f").append(i);
      many.append("\"\r\n\r\nx\r\n");
    }
    many.append("--BB--\r\n");
    return List.of(
        new Object[] {"multipart/form-data", "--BB\r\n" + part + "abc\r\n--BB--\r\n", "boundary"},
        new Object[] {"multipart/form-data; boundary=BB", "--BB\r\n" + part + "abc", "ends"},
        new Object[] {"multipart/form-data; boundary=BB", "garbage", "ends"},
        new Object[] {
          "multipart/form-data; boundary=BB",
          "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
              + "a".repeat(20_000)
              + "\"\r\n\r\nabc\r\n--BB--\r\n",
          "headers"
        },
        new Object[] {"multipart/form-data; boundary=BB", many.toString(), "parts"});
  }

  /** A multipart body Jetty cannot read was answered 500 "internal error" with a stack trace. */
  @ParameterizedTest(name = "{2}")
  @MethodSource("malformedMultipart")
  void upload_malformedMultipart_is400NamingTheProblem(String type, String body, String mention)
      throws Exception {
    HttpResponse<String> api =
        admin.post(
            "/api/v1/reports",
            type,
            HttpRequest.BodyPublishers.ofString(body),
            "X-CSRF-Token",
            csrf);
    assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
    assertThat(json(api).get("error").asText()).contains("multipart").contains(mention);
    HttpResponse<String> page =
        admin.post(
            "/upload", type, HttpRequest.BodyPublishers.ofString(body), "X-CSRF-Token", csrf);
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("error-message").contains(mention);
  }

  /** A file part past the per-file limit was answered 500; it is 413 naming the limit. */
  @Test
  void upload_fileOverTheLimit_is413NamingTheLimit() throws Exception {
    long size = ReportUploads.MAX_FILE_BYTES + 1024 * 1024;
    byte[] head =
        ("--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xml\"\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n--BB--\r\n".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> r =
        admin.post(
            "/api/v1/reports",
            "multipart/form-data; boundary=BB",
            HttpRequest.BodyPublishers.ofInputStream(
                () ->
                    new SequenceInputStream(
                        Collections.enumeration(
                            List.of(
                                new ByteArrayInputStream(head),
                                zeros(size),
                                new ByteArrayInputStream(tail))))),
            "X-CSRF-Token",
            csrf);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText())
        .contains("larger than " + ReportUploads.MAX_FILE_BYTES + " bytes");
  }

  /**
   * Each upload was read whole into the heap at once: six 60 MB uploads at the same time ran a 256
   * MiB server out of memory ("the parser stopped: OutOfMemoryError"). Uploads now take their turn,
   * one file at a time, the others waiting on disk.
   */
  @Test
  void uploads_atOnce_areReadOneFileAtATime() throws Exception {
    HOLD_MILLIS.set(300);
    MOST_UPLOADING.set(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "at-once-" + i;
        byte[] xml = web.data().reportXml(name, name).getBytes(StandardCharsets.UTF_8);
        sent.add(
            pool.submit(
                () ->
                    admin.postFiles(
                        "/api/v1/reports", Map.of(name + ".xml", xml), "X-CSRF-Token", csrf)));
      }
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("files").get(0).get("status").asText()).isEqualTo("stored");
      }
    } finally {
      HOLD_MILLIS.set(0);
      pool.shutdownNow();
    }
    assertThat(MOST_UPLOADING.get()).isEqualTo(1);
  }

  /**
   * A body sent a byte at a time held a server thread for as long as the client liked (the idle
   * timeout never passed): 300 such unauthenticated login posts left the server unable to answer
   * {@code /health}. A body slower than the minimum rate is cut off.
   */
  @Test
  void slowBody_isCutOff() throws Exception {
    try (Socket s = new Socket("127.0.0.1", web.server().port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\n"
                  + "Content-Length: 5000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread trickle =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 5000; i++) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(200);
                  }
                } catch (IOException | InterruptedException e) {
                  // the server closed the connection, or the test is over
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      long start = System.nanoTime();
      byte[] answer = s.getInputStream().readNBytes(12); // "HTTP/1.1 408", or nothing on close
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      trickle.interrupt();
      assertThat(seconds).as("cut off well before the body would end (1000 s)").isLessThan(30);
      String status = new String(answer, StandardCharsets.US_ASCII);
      assertThat(status.isEmpty() || status.endsWith("408")).as(status).isTrue();
    }
    assertThat(new Browserless(web.uri()).get("/health").statusCode()).isEqualTo(200);
  }

  /**
   * {@code source_ip} was compared as typed: an address in another spelling than the store's
   * (IPv4-mapped, upper case, uncompressed IPv6) silently found no records, and {@code 1.2.3.4.5}
   * was taken. The parameter is read as the Source page reads its address.
   */
  @Test
  void recordsSourceIp_anySpellingFindsTheRecords_nonAddressesAre400() throws Exception {
    JsonNode plain = json(admin.get("/api/v1/records?days=30&size=500&source_ip=198.51.100.7"));
    assertThat(plain.get("total").asLong()).isPositive();
    JsonNode mapped =
        json(admin.get("/api/v1/records?days=30&size=500&source_ip=::FFFF:198.51.100.7"));
    assertThat(mapped.get("total").asLong()).isEqualTo(plain.get("total").asLong());
    for (String bad : new String[] {"1.2.3.4.5", "1.2.3", "::g", "fe80::1%251"}) {
      HttpResponse<String> r = admin.get("/api/v1/records?source_ip=" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("error").asText()).as(bad).contains("'source_ip'");
      assertThat(admin.get("/api/v1/records/export?source_ip=" + bad).statusCode())
          .as(bad)
          .isEqualTo(400);
    }
  }

  private static InputStream zeros(long n) {
    return new InputStream() {
      private long left = n;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + k, (byte) 0);
        left -= k;
        return k;
      }
    };
  }

  /**
   * A login post reads its body before anyone is logged in, and a body may come just fast enough
   * not to be cut off: one address holding many such posts open took a server thread each. The
   * posts in progress from one address are now capped; past the cap the answer is 429 at once, and
   * the cap frees as they end.
   */
  @Test
  void loginPosts_heldOpenFromOneAddress_areCapped() throws Exception {
    List<Socket> held = new ArrayList<>();
    // the held posts keep sending just over the minimum data rate (256 B/s): 128 bytes every
    // 250 ms, so they stay in progress however long the first 429 takes on a loaded machine (a
    // post that only sent its first part was cut off by the rate check after about 8 s)
    java.util.concurrent.atomic.AtomicBoolean trickling =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread trickle =
        new Thread(
            () -> {
              byte[] part = "a".repeat(128).getBytes(StandardCharsets.US_ASCII);
              while (trickling.get()) {
                synchronized (held) {
                  for (Socket s : held) {
                    try {
                      s.getOutputStream().write(part);
                      s.getOutputStream().flush();
                    } catch (java.io.IOException closed) {
                      // the server ended this post; the assertions say whether that was right
                    }
                  }
                }
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "trickle");
    trickle.setDaemon(true);
    try {
      for (int i = 0; i < org.dmarcpilot.app.web.page.LoginPage.MAX_POSTS_PER_ADDRESS; i++) {
        Socket s = new Socket("127.0.0.1", web.server().port());
        s.getOutputStream()
            .write(
                ("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 60000\r\n\r\n"
                        + "a".repeat(2000))
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        synchronized (held) {
          held.add(s);
        }
      }
      trickle.start();
      assertThat(loginPostStatusWithin(Duration.ofSeconds(15), 429)).isEqualTo(429);
    } finally {
      trickling.set(false);
      trickle.interrupt();
      trickle.join(5_000);
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
    assertThat(loginPostStatusWithin(Duration.ofSeconds(15), 403))
        .as("the cap frees when the posts end (403: this post has no CSRF token)")
        .isEqualTo(403);
  }

  /** Posts a small login form until the answer is {@code wanted} or the time is up. */
  private int loginPostStatusWithin(Duration limit, int wanted) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    int status;
    do {
      status =
          new Browserless(web.uri())
              .post(
                  "/login",
                  "application/x-www-form-urlencoded",
                  HttpRequest.BodyPublishers.ofString("username=a&password=b"))
              .statusCode();
      if (status != wanted) {
        Thread.sleep(100);
      }
    } while (status != wanted && System.nanoTime() < end);
    return status;
  }
}
