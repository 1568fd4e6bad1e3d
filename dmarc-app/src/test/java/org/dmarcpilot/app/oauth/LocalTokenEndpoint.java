// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A real OAuth 2.0 token endpoint for tests: the JDK's HTTP server on a loopback port, at the path
 * Microsoft's endpoint has ({@code /TENANT/oauth2/v2.0/token}). It keeps every request it got and
 * answers as the test says (by default a Bearer token valid for an hour).
 */
public final class LocalTokenEndpoint implements AutoCloseable {
  /** The path of the token endpoint. */
  public static final String PATH = "/example-tenant/oauth2/v2.0/token";

  /** A request the endpoint received: its method, path, content type and form fields. */
  public record Received(
      String method,
      String path,
      @Nullable String contentType,
      String body,
      Map<String, String> form) {
    /** A field of the form, or null. */
    public @Nullable String field(String name) {
      return form.get(name);
    }
  }

  /** What to answer: a status, a content type, a body, after a delay; and more headers. */
  public record Answer(
      int status, String contentType, byte[] body, Duration delay, Map<String, String> headers) {
    /** JSON with the given status. */
    public static Answer json(int status, String json) {
      return new Answer(
          status,
          "application/json; charset=utf-8",
          json.getBytes(StandardCharsets.UTF_8),
          Duration.ZERO,
          Map.of());
    }

    /** A Bearer token as Microsoft and Google send it. */
    public static Answer token(String accessToken, long expiresIn) {
      return json(
          200,
          "{\"token_type\":\"Bearer\",\"expires_in\":"
              + expiresIn
              + ",\"ext_expires_in\":"
              + expiresIn
              + ",\"access_token\":\""
              + accessToken
              + "\"}");
    }

    /** The same answer, sent after a delay. */
    public Answer after(Duration d) {
      return new Answer(status, contentType, body, d, headers);
    }

    /** The same answer with another header. */
    public Answer withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Answer(status, contentType, body, delay, h);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile Function<Received, Answer> answers;

  private LocalTokenEndpoint(Function<Received, Answer> answers) throws IOException {
    this.answers = answers;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** An endpoint that gives the token {@code accessToken}, valid for an hour, to every request. */
  public static LocalTokenEndpoint start(String accessToken) throws IOException {
    return new LocalTokenEndpoint(r -> Answer.token(accessToken, 3600));
  }

  /** The token URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** Answers every request from now on with {@code a}. */
  public void answer(Answer a) {
    answers = r -> a;
  }

  /** Answers every request from now on as {@code f} says. */
  public void answer(Function<Received, Answer> f) {
    answers = f;
  }

  /** The token requests received (at {@link #PATH}), in order. */
  public List<Received> requests() {
    return List.copyOf(received);
  }

  /** The paths of all requests received, the token endpoint's and others. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] in = x.getRequestBody().readAllBytes();
      String body = new String(in, StandardCharsets.UTF_8);
      paths.add(x.getRequestURI().getPath());
      Received r =
          new Received(
              x.getRequestMethod(),
              x.getRequestURI().getPath(),
              x.getRequestHeaders().getFirst("Content-Type"),
              body,
              form(body));
      if (!r.path().equals(PATH)) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      received.add(r);
      Answer a = answers.apply(r);
      if (!a.delay().isZero()) {
        try {
          Thread.sleep(a.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      x.getResponseHeaders().set("Content-Type", a.contentType());
      a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
      x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : 0);
      try (OutputStream out = x.getResponseBody()) {
        // in pieces, chunked: a client that stops reading does not get the rest
        for (int i = 0; i < a.body().length; i += 8192) {
          out.write(a.body(), i, Math.min(8192, a.body().length - i));
        }
      } catch (IOException ignored) {
        // the client stopped reading (a body too large for it)
      }
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> f = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return f;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      f.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return f;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
