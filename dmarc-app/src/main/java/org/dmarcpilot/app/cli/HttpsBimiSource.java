// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.dmarcpilot.check.BimiSource;
import org.jspecify.annotations.Nullable;

/**
 * Fetches BIMI logos and mark certificates over HTTPS: certificate verified (the JDK's defaults, or
 * a given context for tests), https only (redirects followed only to https), one deadline for the
 * whole fetch including the body (a server that trickles bytes is cut off), and at most the bytes
 * asked for.
 */
final class HttpsBimiSource implements BimiSource {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dmarcpilot-bimi-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final HttpClient client;
  private final Duration timeout;

  HttpsBimiSource(Duration timeout) {
    this(timeout, null);
  }

  /**
   * @param timeout the most one fetch may take, body included
   * @param tls the TLS context (null: the JDK's default, which verifies against its cacerts)
   */
  HttpsBimiSource(Duration timeout, @Nullable SSLContext tls) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    HttpClient.Builder b =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  @Override
  public Response fetch(String url, int maxBytes) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new Response(url, 0, null, null, "not a valid URL: " + e.getMessage());
    }
    if (!"https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
      return new Response(url, 0, null, null, "not an https URL");
    }
    HttpResponse<InputStream> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      response =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Response(url, 0, null, null, "no response within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return new Response(url, 0, null, null, c.getClass().getSimpleName() + ": " + c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(url, 0, null, null, "interrupted");
    } catch (IllegalArgumentException e) {
      return new Response(url, 0, null, null, "bad request: " + e.getMessage());
    }
    String type = response.headers().firstValue("Content-Type").orElse(null);
    if (!"https".equalsIgnoreCase(response.uri().getScheme())) {
      return new Response(url, response.statusCode(), type, null, "redirected away from https");
    }
    AtomicBoolean cut = new AtomicBoolean();
    InputStream in = response.body();
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              cut.set(true);
              closeQuietly(in);
            },
            left,
            TimeUnit.MILLISECONDS);
    try (in) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (cut.get()) {
        return new Response(
            url,
            response.statusCode(),
            type,
            null,
            "the body did not arrive within " + timeout.toMillis() + " ms");
      }
      if (body.length > maxBytes) {
        return new Response(
            url, response.statusCode(), type, null, "larger than " + maxBytes + " bytes");
      }
      return new Response(url, response.statusCode(), type, body, null);
    } catch (IOException e) {
      String why =
          cut.get()
              ? "the body did not arrive within " + timeout.toMillis() + " ms"
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      return new Response(url, response.statusCode(), type, null, why);
    } finally {
      watchdog.cancel(false);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // best effort: the reader sees the stream end
    }
  }
}
