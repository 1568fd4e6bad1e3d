// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real services in tests (knotd, PostgreSQL, ...): a test whose service is missing is skipped with
 * a message that says so, or fails when {@code -Ddmarc.services.required=true} (as in CI).
 */
public final class Services {
  private Services() {}

  /** Whether a missing service fails the test run instead of skipping. */
  public static boolean required() {
    return Boolean.getBoolean("dmarc.services.required");
  }

  /**
   * Skips the calling test (or fails it when services are required) unless the service is
   * available.
   *
   * @param available whether the service can be used
   * @param what what is missing and how to get it, for the message
   */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if (required()) {
      fail(what + "; -Ddmarc.services.required=true, so this is an error");
    }
    assumeTrue(false, what + "; skipped");
  }
}
