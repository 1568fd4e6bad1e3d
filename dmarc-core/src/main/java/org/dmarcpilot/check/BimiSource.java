// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the audit gets the BIMI logo (the {@code l=} SVG) and mark certificate (the {@code a=} PEM)
 * from. The application fetches them over HTTPS; tests give them from memory. Implementations must
 * verify the server certificate, bound time, and read at most the size asked for.
 */
@FunctionalInterface
public interface BimiSource {
  /** The largest SVG logo read: 32 KiB, the limit of the BIMI specification. */
  int MAX_SVG_BYTES = 32 * 1024;

  /** The largest mark certificate file read (a PEM chain). */
  int MAX_CERTIFICATE_BYTES = 64 * 1024;

  /**
   * Fetches one https URL.
   *
   * @param url the URL from the BIMI record
   * @param maxBytes the most bytes to read; a larger body is an error
   */
  Response fetch(String url, int maxBytes);

  /**
   * A fetch result.
   *
   * @param url the URL asked for
   * @param status the HTTP status, or 0 when no response came
   * @param contentType the Content-Type header, or null
   * @param body the body, or null when there is none or it was too large
   * @param error why there is no usable response (TLS, timeout, too large), or null
   */
  record Response(
      String url,
      int status,
      @Nullable String contentType,
      byte @Nullable [] body,
      @Nullable String error) {
    public Response {
      Objects.requireNonNull(url, "url");
      body = body == null ? null : body.clone();
    }

    /** A copy of the body, or null. */
    @Override
    public byte @Nullable [] body() {
      return body == null ? null : body.clone();
    }
  }
}
