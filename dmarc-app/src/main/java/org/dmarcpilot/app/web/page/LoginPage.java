// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.LoginResult;
import org.dmarcpilot.app.web.http.SessionCookie;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code /login} and {@code /logout}. The login form carries a double-submit CSRF token (cookie and
 * field must match), since there is no session yet.
 */
public final class LoginPage {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Login posts in progress from one address at most: {@value}. A login post reads its body before
   * anyone is logged in, so without a cap one address could hold a server thread per connection.
   */
  public static final int MAX_POSTS_PER_ADDRESS = 8;

  private final ConcurrentHashMap<String, Integer> postsInProgress = new ConcurrentHashMap<>();

  private final AuthService auth;
  private final Views views;
  private final boolean forceSecure;

  /**
   * The login handlers.
   *
   * @param forceSecure mark cookies Secure even on plain HTTP (behind a TLS proxy)
   */
  public LoginPage(AuthService auth, Views views, boolean forceSecure) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.views = Objects.requireNonNull(views, "views");
    this.forceSecure = forceSecure;
  }

  /**
   * The login form.
   *
   * @param csrf the double-submit token for the form
   * @param next where to go after logging in
   * @param error the message of a failed attempt, or null
   * @param username the name typed before, or empty
   */
  public record LoginView(String csrf, String next, @Nullable String error, String username) {}

  /** {@code GET /login}. */
  public void form(Context ctx) {
    if (auth.session(SessionCookie.read(ctx)).isPresent()) {
      ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.FOUND);
      return;
    }
    render(ctx, safeNext(ctx.queryParam("next")), null, "");
  }

  /**
   * {@code POST /login}; 429 at once, without reading the body, while {@link
   * #MAX_POSTS_PER_ADDRESS} posts from the same address are in progress.
   */
  public void submit(Context ctx) {
    String address = ctx.ip();
    if (postsInProgress.merge(address, 1, Integer::sum) > MAX_POSTS_PER_ADDRESS) {
      postEnded(address);
      ctx.header("Retry-After", "10");
      ctx.header("Connection", "close"); // the body is not read
      ctx.status(HttpStatus.TOO_MANY_REQUESTS);
      render(ctx, safeNext(null), "Too many logins in progress from your address; try again.", "");
      return;
    }
    try {
      submitForm(ctx);
    } finally {
      postEnded(address);
    }
  }

  /** Counts a post from {@code address} as ended; the entry goes with the last one. */
  private void postEnded(String address) {
    postsInProgress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void submitForm(Context ctx) {
    String cookie = ctx.cookie(SessionCookie.LOGIN_CSRF);
    String field = ctx.formParam("_csrf");
    if (cookie == null
        || field == null
        || !MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
      throw new ForbiddenResponse("missing or wrong CSRF token; reload the login page");
    }
    String username = Objects.requireNonNullElse(ctx.formParam("username"), "");
    String password = Objects.requireNonNullElse(ctx.formParam("password"), "");
    String next = safeNext(ctx.formParam("next"));
    if (username.length() > 64 || password.length() > 200) {
      ctx.status(HttpStatus.BAD_REQUEST);
      render(ctx, next, "User name or password too long.", "");
      return;
    }
    LoginResult result = auth.login(username, password, ctx.ip());
    switch (result.outcome()) {
      case SUCCESS -> {
        SessionCookie.write(
            ctx,
            Objects.requireNonNull(result.sessionId()),
            AuthService.SESSION_LIFETIME,
            forceSecure);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
      }
      case THROTTLED -> {
        long seconds = Math.max(1, result.retryAfter().toSeconds());
        ctx.header("Retry-After", String.valueOf(seconds));
        ctx.status(HttpStatus.TOO_MANY_REQUESTS);
        render(
            ctx,
            next,
            "Too many failed attempts. Try again in " + (seconds + 59) / 60 + " minutes.",
            username);
      }
      default -> {
        ctx.status(HttpStatus.UNAUTHORIZED);
        render(ctx, next, "Wrong user name or password.", username);
      }
    }
  }

  /** {@code POST /logout}. */
  public void logout(Context ctx) {
    auth.logout(SessionCookie.read(ctx));
    SessionCookie.clear(ctx, forceSecure);
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void render(Context ctx, String next, @Nullable String error, String username) {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    SessionCookie.writeLoginCsrf(ctx, token, forceSecure);
    views.render(ctx, "login.jte", Map.of("view", new LoginView(token, next, error, username)));
  }

  /** A local path to go to after login; anything else (other sites, odd paths) becomes "/". */
  static String safeNext(@Nullable String next) {
    if (next == null
        || next.length() > 500
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.startsWith("/login")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x21 || c == '\\' || c == 0x7f) {
        return "/";
      }
    }
    return next;
  }
}
