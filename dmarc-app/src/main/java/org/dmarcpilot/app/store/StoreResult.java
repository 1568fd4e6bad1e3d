// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Objects;

/**
 * What the store did with one report.
 *
 * @param outcome stored or duplicate
 * @param reportPk the stored report's primary key; 0 for a duplicate
 * @param key the report's dedup key
 */
public record StoreResult(Outcome outcome, long reportPk, DedupKey key) {
  public StoreResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(key, "key");
  }

  /** The two outcomes of storing a report. A duplicate is not an error. */
  public enum Outcome {
    /** The report was new and is now stored whole. */
    STORED,
    /** A report with the same dedup key was already stored; nothing was written. */
    DUPLICATE
  }

  /** Whether the report was new. */
  public boolean stored() {
    return outcome == Outcome.STORED;
  }
}
