// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.analysis.AdvisorThresholds;

/** The advisor's thresholds as the Settings page changes them. Thread-safe. */
public interface AdvisorSettings {
  /** The thresholds in force. */
  AdvisorThresholds current();

  /** Replaces the thresholds (kept across restarts where the implementation can). */
  void update(AdvisorThresholds thresholds);

  /** Settings held in memory only, starting at {@code initial}. */
  static AdvisorSettings inMemory(AdvisorThresholds initial) {
    AtomicReference<AdvisorThresholds> ref = new AtomicReference<>(initial);
    return new AdvisorSettings() {
      @Override
      public AdvisorThresholds current() {
        return ref.get();
      }

      @Override
      public void update(AdvisorThresholds thresholds) {
        ref.set(Objects.requireNonNull(thresholds, "thresholds"));
      }
    };
  }
}
