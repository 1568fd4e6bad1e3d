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

  /** Whether the page asked for comes after the last page: it does not exist. */
  public boolean pastEnd() {
    return request.page() > pages();
  }

  /**
   * What to tell about a page past the end, naming the page and how many there are: "There is no
   * page 9: the list has 4 pages".
   */
  public String pastEndMessage() {
    long n = pages();
    return "There is no page "
        + request.page()
        + ": the list has "
        + n
        + (n == 1 ? " page" : " pages");
  }
}
