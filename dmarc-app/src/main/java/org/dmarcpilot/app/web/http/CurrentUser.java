// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import org.dmarcpilot.app.web.auth.Principal;
import org.jspecify.annotations.Nullable;

/** The authenticated principal of a request, as the request guard left it. */
public final class CurrentUser {
  private static final String KEY = "dmarcpilot.principal";

  private CurrentUser() {}

  /** Stores the principal on the request. */
  public static void set(Context ctx, Principal principal) {
    ctx.attribute(KEY, principal);
  }

  /** The principal, or null on a public route. */
  public static @Nullable Principal find(Context ctx) {
    return ctx.attribute(KEY);
  }

  /** The principal; 401 when the request is not authenticated. */
  public static Principal require(Context ctx) {
    Principal p = find(ctx);
    if (p == null) {
      throw new UnauthorizedResponse("authentication required");
    }
    return p;
  }
}
