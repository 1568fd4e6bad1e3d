// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.web.auth.ApiToken;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.Principal;
import org.dmarcpilot.app.web.auth.UserAccount;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.http.CurrentUser;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code /settings}: users (add, delete, change password), API tokens (create, revoke) and the
 * advisor's thresholds.
 */
public final class SettingsPage {
  private final AuthService auth;
  private final AdvisorSettings advisor;
  private final DomainAnalyses analyses;
  private final Views views;

  /** The page over the authentication service and the advisor's settings. */
  public SettingsPage(
      AuthService auth, AdvisorSettings advisor, DomainAnalyses analyses, Views views) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.advisor = Objects.requireNonNull(advisor, "advisor");
    this.analyses = Objects.requireNonNull(analyses, "analyses");
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * What the page shows.
   *
   * @param users all users
   * @param tokens all API tokens (without secrets)
   * @param message the outcome of the last action, or null
   * @param error whether that outcome is an error
   * @param newToken a token just created, shown once, or null
   * @param thresholds the advisor's thresholds in force
   */
  public record SettingsView(
      List<UserAccount> users,
      List<ApiToken> tokens,
      @Nullable String message,
      boolean error,
      @Nullable String newToken,
      AdvisorThresholds thresholds) {}

  /** {@code GET /settings}. */
  public void show(Context ctx) {
    render(ctx, null, false, null);
  }

  /** {@code POST /settings/password}: the current user's new password. */
  public void changePassword(Context ctx) {
    Principal principal = CurrentUser.require(ctx);
    String user = principal.username();
    String pw = Objects.requireNonNullElse(ctx.formParam("password"), "");
    String again = Objects.requireNonNullElse(ctx.formParam("confirm"), "");
    if (!pw.equals(again)) {
      fail(ctx, "The two passwords differ.");
      return;
    }
    try {
      int ended = auth.changePassword(user, pw, principal.session());
      render(
          ctx,
          ended == 0
              ? "Password changed."
              : "Password changed. Your other sessions (" + ended + ") were logged out.",
          false,
          null);
    } catch (IllegalArgumentException e) {
      fail(ctx, e.getMessage());
    }
  }

  /** {@code POST /settings/users}: adds a user. */
  public void addUser(Context ctx) {
    try {
      auth.addUser(
          Objects.requireNonNullElse(ctx.formParam("username"), ""),
          Objects.requireNonNullElse(ctx.formParam("password"), ""));
      render(ctx, "User added.", false, null);
    } catch (IllegalArgumentException e) {
      fail(ctx, e.getMessage());
    }
  }

  /** {@code POST /settings/users/{username}/delete}. */
  public void deleteUser(Context ctx) {
    String name = ctx.pathParam("username");
    if (name.equals(CurrentUser.require(ctx).username())) {
      fail(ctx, "You cannot delete yourself.");
      return;
    }
    try {
      boolean gone = auth.deleteUser(name);
      if (gone) {
        render(ctx, "User deleted.", false, null);
      } else {
        fail(ctx, "No such user.");
      }
    } catch (IllegalArgumentException e) {
      fail(ctx, e.getMessage());
    }
  }

  /** {@code POST /settings/tokens}: creates a token and shows its secret once. */
  public void createToken(Context ctx) {
    try {
      AuthService.NewToken t =
          auth.createToken(
              CurrentUser.require(ctx).username(),
              Objects.requireNonNullElse(ctx.formParam("name"), ""));
      render(ctx, "Token created. Copy it now: it will not be shown again.", false, t.secret());
    } catch (IllegalArgumentException e) {
      fail(ctx, e.getMessage());
    }
  }

  /** {@code POST /settings/tokens/{id}/revoke}. */
  public void revokeToken(Context ctx) {
    if (auth.revokeToken(ctx.pathParam("id"))) {
      render(ctx, "Token revoked.", false, null);
    } else {
      fail(ctx, "No such token.");
    }
  }

  /**
   * {@code POST /settings/thresholds}: the advisor's thresholds (shares in percent, the window in
   * days); every domain is analysed anew.
   */
  public void changeThresholds(Context ctx) {
    try {
      AdvisorThresholds t =
          new AdvisorThresholds(
              number(ctx, "aligned", 50, 100) / 100.0,
              Duration.ofDays((long) number(ctx, "window", 1, 365)),
              (int) number(ctx, "reporters", 0, 100),
              number(ctx, "unknown", 0, 50) / 100.0);
      advisor.update(t);
      analyses.invalidateAll();
      render(ctx, "Advisor thresholds saved.", false, null);
    } catch (IllegalArgumentException e) {
      fail(ctx, e.getMessage());
    }
  }

  private static double number(Context ctx, String name, double min, double max) {
    String v = Objects.requireNonNullElse(ctx.formParam(name), "").strip();
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (Double.isNaN(d) || d < min || d > max) {
      throw new IllegalArgumentException(
          "'" + name + "' must be a number from " + (long) min + " to " + (long) max);
    }
    return d;
  }

  private void fail(Context ctx, @Nullable String message) {
    ctx.status(HttpStatus.BAD_REQUEST);
    render(ctx, message == null ? "Not done." : message, true, null);
  }

  private void render(
      Context ctx, @Nullable String message, boolean error, @Nullable String newToken) {
    Chrome chrome = PageSupport.chrome(ctx, "Settings", "settings", null, null, List.of());
    views.render(
        ctx,
        "settings.jte",
        PageSupport.params(
            chrome,
            new SettingsView(
                auth.users(), auth.tokens(), message, error, newToken, advisor.current())));
  }
}
