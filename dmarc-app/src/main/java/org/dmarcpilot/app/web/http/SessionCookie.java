// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.Context;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site
 * posts), Path=/, and Secure whenever the request came over TLS or the server is configured as
 * running behind TLS.
 */
public final class SessionCookie {
  /** The cookie's name. */
  public static final String NAME = "dp_session";

  /** The cookie of the login form's double-submit CSRF token. */
  public static final String LOGIN_CSRF = "dp_login_csrf";

  private SessionCookie() {}

  /** The session id the browser sent, or null. */
  public static @Nullable String read(Context ctx) {
    return ctx.cookie(NAME);
  }

  /** Sets the session cookie. */
  public static void write(Context ctx, String sessionId, Duration maxAge, boolean forceSecure) {
    ctx.res().addHeader("Set-Cookie", header(NAME, sessionId, maxAge, secure(ctx, forceSecure)));
  }

  /** Removes the session cookie. */
  public static void clear(Context ctx, boolean forceSecure) {
    ctx.res().addHeader("Set-Cookie", header(NAME, "", Duration.ZERO, secure(ctx, forceSecure)));
  }

  /** Sets a short-lived cookie for the login form's CSRF token. */
  public static void writeLoginCsrf(Context ctx, String token, boolean forceSecure) {
    ctx.res()
        .addHeader(
            "Set-Cookie", header(LOGIN_CSRF, token, Duration.ofHours(1), secure(ctx, forceSecure)));
  }

  static boolean secure(Context ctx, boolean forceSecure) {
    return forceSecure || "https".equals(ctx.scheme());
  }

  /** The Set-Cookie header value. */
  static String header(String name, String value, Duration maxAge, boolean secure) {
    StringBuilder sb = new StringBuilder();
    sb.append(name).append('=').append(value);
    sb.append("; Path=/; Max-Age=").append(maxAge.toSeconds());
    sb.append("; HttpOnly; SameSite=Lax");
    if (secure) {
      sb.append("; Secure");
    }
    return sb.toString();
  }
}
