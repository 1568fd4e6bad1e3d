// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * The readiness gates' thresholds (configurable).
 *
 * @param minAlignedShare share of legitimate volume (aligned plus yours-not-aligned) that must be
 *     aligned, 0..1
 * @param window the period the gates look at, ending now
 * @param minReporters how many distinct reporters must have sent reports in the window
 * @param maxUnknownShare the largest share of all volume one unknown source may have, 0..1
 */
public record AdvisorThresholds(
    double minAlignedShare, Duration window, int minReporters, double maxUnknownShare) {
  /** 98 % aligned over the last 14 days, 3 reporters, no unknown source above 1 %. */
  public static final AdvisorThresholds DEFAULTS =
      new AdvisorThresholds(0.98, Duration.ofDays(14), 3, 0.01);

  public AdvisorThresholds {
    Objects.requireNonNull(window, "window");
    if (minAlignedShare < 0 || minAlignedShare > 1 || maxUnknownShare < 0 || maxUnknownShare > 1) {
      throw new IllegalArgumentException("shares must be between 0 and 1");
    }
    if (window.isNegative() || window.isZero() || minReporters < 0) {
      throw new IllegalArgumentException("window must be positive and minReporters >= 0");
    }
  }
}
