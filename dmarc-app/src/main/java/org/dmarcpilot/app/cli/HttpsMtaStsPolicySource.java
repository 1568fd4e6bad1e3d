// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.dmarcpilot.check.MtaStsPolicy;
import org.dmarcpilot.check.MtaStsPolicySource;

/**
 * Fetches MTA-STS policy files over HTTPS as RFC 8461 §3.3 asks: certificate verified (the JDK's
 * defaults), no redirects followed, a timeout, and at most {@link MtaStsPolicy#MAX_BYTES} read.
 */
final class HttpsMtaStsPolicySource implements MtaStsPolicySource {
  private final HttpClient client;
  private final Duration timeout;

  HttpsMtaStsPolicySource(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public Response fetch(String domain) {
    String url = "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      String type = response.headers().firstValue("Content-Type").orElse(null);
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MtaStsPolicy.MAX_BYTES + 1);
        if (body.length > MtaStsPolicy.MAX_BYTES) {
          return new Response(
              url,
              response.statusCode(),
              type,
              null,
              "the policy is larger than " + MtaStsPolicy.MAX_BYTES + " bytes");
        }
        return new Response(
            url, response.statusCode(), type, new String(body, StandardCharsets.UTF_8), null);
      }
    } catch (IOException | IllegalArgumentException e) {
      return new Response(url, 0, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(url, 0, null, null, "interrupted");
    }
  }
}
