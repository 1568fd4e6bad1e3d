// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.javalin.http.Context;
import java.util.function.BiConsumer;

/**
 * Headers set on every response: a Content-Security-Policy that allows only our own scripts and
 * styles (no inline script, no inline style, no eval), no framing, no MIME sniffing, no referrer to
 * other sites, and HSTS on TLS.
 */
final class SecurityHeaders {
  /** The policy. Charts get their data from JSON endpoints, never from inline script. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private SecurityHeaders() {}

  static void apply(Context ctx, boolean tls) {
    apply(ctx::header, ctx.path(), tls);
  }

  /**
   * Sets the headers through {@code header}: for answers made outside Javalin too (the HTTP layer's
   * own refusals, {@link ProtocolErrors}).
   */
  static void apply(BiConsumer<String, String> header, String path, boolean tls) {
    header.accept("Content-Security-Policy", CSP);
    header.accept("X-Frame-Options", "DENY");
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Referrer-Policy", "same-origin");
    header.accept("Cross-Origin-Opener-Policy", "same-origin");
    header.accept("Cross-Origin-Resource-Policy", "same-origin");
    header.accept("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (tls) {
      header.accept("Strict-Transport-Security", "max-age=31536000");
    }
    if (!path.startsWith("/static/") && !path.startsWith("/webjars/")) {
      header.accept("Cache-Control", "no-store");
    }
  }
}
