// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.util.List;

/**
 * What became of one input, once committed.
 *
 * @param reportsStored reports that were new
 * @param duplicates reports that were stored before
 * @param failures payloads (or the whole input) that were rejected
 * @param storedPks the primary keys of the reports that were new, in the input's order
 */
public record InputOutcome(int reportsStored, int duplicates, int failures, List<Long> storedPks) {
  /** Copies the keys. */
  public InputOutcome {
    storedPks = List.copyOf(storedPks);
  }

  /** Whether the input held at least one report and nothing was rejected. */
  public boolean clean() {
    return failures == 0 && reportsStored + duplicates > 0;
  }
}
