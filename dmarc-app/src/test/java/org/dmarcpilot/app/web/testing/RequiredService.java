// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips a test when a real service it needs is missing, or fails it under {@code
 * -Ddmarc.services.required=true} (CI).
 */
public final class RequiredService {
  private RequiredService() {}

  /** Whether missing services fail instead of skip. */
  public static boolean required() {
    return Boolean.getBoolean("dmarc.services.required");
  }

  /** Skips (or fails) with the message unless the service is available. */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if (required()) {
      fail(what + " is missing and -Ddmarc.services.required=true");
    }
    assumeTrue(false, what + " is missing; skipped");
  }
}
