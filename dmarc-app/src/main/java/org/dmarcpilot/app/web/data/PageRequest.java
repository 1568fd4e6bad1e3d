// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

/**
 * One page of a long list.
 *
 * @param page the page number, from 1
 * @param size rows per page, 1 to {@value #MAX_SIZE}
 */
public record PageRequest(int page, int size) {
  /** The largest page size: {@value}. */
  public static final int MAX_SIZE = 500;

  /** The default page size: {@value}. */
  public static final int DEFAULT_SIZE = 50;

  /** Checks the bounds. */
  public PageRequest {
    if (page < 1) {
      throw new IllegalArgumentException("page must be 1 or more: " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be 1 to " + MAX_SIZE + ": " + size);
    }
  }

  /** The number of rows before this page. */
  public long offset() {
    return (long) (page - 1) * size;
  }
}
