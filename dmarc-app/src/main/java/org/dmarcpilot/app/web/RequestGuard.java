// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.Principal;
import org.dmarcpilot.app.web.http.CurrentUser;
import org.dmarcpilot.app.web.http.SessionCookie;
import org.jspecify.annotations.Nullable;

/**
 * Wraps every route's handler: authenticates the request (an API token in {@code Authorization:
 * Bearer} for {@code /api/} and {@code /metrics}, else the session cookie), sends the
 * unauthenticated to the login page (pages) or answers 401 (API), and refuses a state-changing
 * request from a session without the session's CSRF token (form field {@code _csrf} or header
 * {@code X-CSRF-Token}).
 */
final class RequestGuard {
  /** The form field that carries the CSRF token. */
  static final String CSRF_FIELD = "_csrf";

  /** The header that carries the CSRF token (htmx and fetch requests). */
  static final String CSRF_HEADER = "X-CSRF-Token";

  private final AuthService auth;

  RequestGuard(AuthService auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  Handler wrap(Route route) {
    if (route.access() == Access.PUBLIC) {
      return route.handler();
    }
    return ctx -> {
      Optional<Principal> principal = authenticate(ctx, machineRoute(route.path()));
      if (principal.isEmpty()) {
        refuse(ctx, route);
        return;
      }
      if (changesState(route.method()) && principal.get().session() != null) {
        checkCsrf(ctx, Objects.requireNonNull(principal.get().csrfToken()));
      }
      CurrentUser.set(ctx, principal.get());
      route.handler().handle(ctx);
    };
  }

  private Optional<Principal> authenticate(Context ctx, boolean machine) {
    String authorization = ctx.header("Authorization");
    if (machine && authorization != null) {
      if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        Optional<Principal> p = auth.token(authorization.substring(7).strip());
        if (p.isPresent()) {
          return p;
        }
      }
      throw new UnauthorizedResponse("invalid API token");
    }
    return auth.session(SessionCookie.read(ctx));
  }

  private static void refuse(Context ctx, Route route) {
    if (machineRoute(route.path())) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"dmarcpilot\"");
      throw new UnauthorizedResponse("authentication required: log in or send an API token");
    }
    String next = ctx.path();
    if (ctx.queryString() != null) {
      next += "?" + ctx.queryString();
    }
    String target =
        route.method() == HandlerType.GET
            ? "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
            : "/login";
    ctx.redirect(target, HttpStatus.FOUND);
  }

  private static void checkCsrf(Context ctx, String expected) {
    @Nullable String sent = ctx.header(CSRF_HEADER);
    if (sent == null && isForm(ctx)) {
      sent = ctx.formParam(CSRF_FIELD);
    }
    if (sent == null
        || !MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      throw new ForbiddenResponse("missing or wrong CSRF token; reload the page and try again");
    }
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data"));
  }

  static boolean changesState(HandlerType method) {
    return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
  }

  static boolean machineRoute(String path) {
    return path.startsWith("/api/") || path.equals("/metrics");
  }
}
