// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * What became of one input, once committed.
 *
 * @param reportsStored reports that were new
 * @param duplicates reports that were stored before
 * @param failures payloads (or the whole input) that were rejected
 */
public record InputOutcome(int reportsStored, int duplicates, int failures) {
  /** Whether the input held at least one report and nothing was rejected. */
  public boolean clean() {
    return failures == 0 && reportsStored + duplicates > 0;
  }
}
