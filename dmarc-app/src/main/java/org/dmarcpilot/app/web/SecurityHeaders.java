// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.javalin.http.Context;

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
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (tls) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
    String path = ctx.path();
    if (!path.startsWith("/static/") && !path.startsWith("/webjars/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
