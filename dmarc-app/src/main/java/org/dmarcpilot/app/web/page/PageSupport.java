// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.web.auth.Principal;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.http.CurrentUser;
import org.jspecify.annotations.Nullable;

/** Builds the {@link Chrome} of a page for the current request. */
final class PageSupport {
  private PageSupport() {}

  static Chrome chrome(
      Context ctx,
      String title,
      String active,
      @Nullable DateRange range,
      @Nullable String domain,
      List<String> domains) {
    Principal p = CurrentUser.require(ctx);
    return new Chrome(title, active, p.username(), p.csrfToken(), range, domain, domains);
  }

  static Map<String, Object> params(Chrome chrome, Object view) {
    return Map.of("chrome", chrome, "view", view);
  }
}
