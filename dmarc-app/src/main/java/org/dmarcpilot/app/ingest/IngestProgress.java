// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.time.Duration;

/**
 * A snapshot of a running ingest.
 *
 * @param inputsFound inputs the sources have handed over so far
 * @param inputsDone inputs committed
 * @param sourcesDone whether every source has handed over all its inputs
 * @param reportsStored new reports
 * @param duplicates reports stored before
 * @param rejected rejected payloads and inputs
 * @param records records of the new reports
 * @param elapsed time since the start
 */
public record IngestProgress(
    long inputsFound,
    long inputsDone,
    boolean sourcesDone,
    long reportsStored,
    long duplicates,
    long rejected,
    long records,
    Duration elapsed) {

  /** Reports (new and duplicate) per second so far. */
  public double reportsPerSecond() {
    return perSecond(reportsStored + duplicates);
  }

  /** Records per second so far. */
  public double recordsPerSecond() {
    return perSecond(records);
  }

  private double perSecond(long n) {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : n / s;
  }

  /** The estimated time left, when the number of inputs is known and some are done. */
  public Duration eta() {
    if (!sourcesDone || inputsDone == 0 || inputsDone >= inputsFound) {
      return Duration.ZERO;
    }
    double perInput = (double) elapsed.toNanos() / inputsDone;
    return Duration.ofNanos((long) (perInput * (inputsFound - inputsDone)));
  }
}
