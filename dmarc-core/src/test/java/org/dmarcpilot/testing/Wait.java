// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something another thread or process does. */
public final class Wait {
  private Wait() {}

  /** How long {@link #waitFor(BooleanSupplier)} waits. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  /** Waits until {@code condition} holds, at most {@link #DEFAULT}; fails the test after that. */
  public static void waitFor(BooleanSupplier condition) throws InterruptedException {
    waitFor(DEFAULT, condition);
  }

  /** Waits until {@code condition} holds, at most {@code timeout}; fails the test after that. */
  public static void waitFor(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }
}
