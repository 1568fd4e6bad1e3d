// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import java.util.Objects;

/**
 * The links to the pages of one list: its path and the query string that keeps its filters.
 *
 * @param path the list's path, {@code /reports}
 * @param query the filters without {@code page=} ({@code from=..&to=..&size=..}), or empty
 */
public record PageLinks(String path, String query) {
  /** Checks that the parts are present. */
  public PageLinks {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
  }

  /** The link to page {@code n}, not escaped (the templates escape it). */
  public String href(long n) {
    return path + "?" + (query.isEmpty() ? "" : query + "&") + "page=" + n;
  }
}
