// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the audit gets MTA-STS policy files from. The application fetches them over HTTPS; tests
 * give them from memory. Implementations must not follow redirects (RFC 8461 §3.3), must verify the
 * certificate and must bound time and size.
 */
@FunctionalInterface
public interface MtaStsPolicySource {

  /**
   * The response for {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}.
   *
   * @param domain the policy domain
   */
  Response fetch(String domain);

  /**
   * A fetch result.
   *
   * @param url the URL asked for
   * @param status the HTTP status, or 0 when no response came
   * @param contentType the Content-Type header, or null
   * @param body the body (at most {@link MtaStsPolicy#MAX_BYTES}), or null
   * @param error why there is no response (TLS, timeout, too large), or null
   */
  record Response(
      String url,
      int status,
      @Nullable String contentType,
      @Nullable String body,
      @Nullable String error) {
    public Response {
      Objects.requireNonNull(url, "url");
    }
  }
}
