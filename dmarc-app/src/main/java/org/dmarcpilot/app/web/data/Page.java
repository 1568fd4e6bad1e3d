// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;
import java.util.Objects;

/**
 * One page of results.
 *
 * @param items the rows of this page
 * @param total the number of rows on all pages
 * @param request the page asked for
 * @param <T> the row type
 */
public record Page<T>(List<T> items, long total, PageRequest request) {
  /** Copies the rows. */
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(request, "request");
    if (total < 0) {
      throw new IllegalArgumentException("negative total: " + total);
    }
  }

  /** The number of pages (at least 1). */
  public long pages() {
    return Math.max(1, (total + request.size() - 1) / request.size());
  }
}
