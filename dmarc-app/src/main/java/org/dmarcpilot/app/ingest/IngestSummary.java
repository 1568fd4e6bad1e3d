// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of an ingest.
 *
 * @param inputs inputs read (files, messages)
 * @param bytes bytes read
 * @param reportsStored new reports
 * @param duplicates reports that were stored before (not errors)
 * @param rejected rejected payloads and inputs
 * @param rejectedByReason rejected counts grouped by reason
 * @param records records of the new reports
 * @param messages the message counts of the new reports' records, summed
 * @param elapsed wall-clock time
 * @param error why the ingest stopped early (the store failed, a source failed), or null
 */
public record IngestSummary(
    long inputs,
    long bytes,
    long reportsStored,
    long duplicates,
    long rejected,
    Map<String, Long> rejectedByReason,
    long records,
    long messages,
    Duration elapsed,
    @org.jspecify.annotations.Nullable String error) {
  public IngestSummary {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  /** Whether anything was rejected or the ingest stopped early: the CLI exits non-zero then. */
  public boolean failed() {
    return rejected > 0 || error != null;
  }
}
