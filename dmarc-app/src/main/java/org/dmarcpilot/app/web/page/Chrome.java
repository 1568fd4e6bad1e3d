// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DateRange;
import org.jspecify.annotations.Nullable;

/**
 * What the layout around every page needs: title, the active menu entry, the user, the CSRF token
 * for forms, and the date-range and domain filters.
 *
 * @param title the page title
 * @param active the menu entry to highlight ("overview", "reports", ...)
 * @param username the logged-in user, or null on the login page
 * @param csrf the session's CSRF token, or null on the login page
 * @param range the date range shown, or null when the page has no filters
 * @param domain the domain filter, or null for all
 * @param domains the domains to offer in the filter
 */
public record Chrome(
    String title,
    String active,
    @Nullable String username,
    @Nullable String csrf,
    @Nullable DateRange range,
    @Nullable String domain,
    List<String> domains) {
  /** Checks and copies. */
  public Chrome {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(active, "active");
    domains = List.copyOf(domains);
  }

  /** The query string that keeps the current filters on links ("from=..&amp;to=.."). */
  public String filterQuery() {
    if (range == null) {
      return "";
    }
    String q = "from=" + range.from() + "&to=" + range.to();
    return domain == null ? q : q + "&domain=" + domain;
  }
}
