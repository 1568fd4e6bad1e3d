// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/** Hears how an ingest goes; called from the pipeline's threads. */
public interface IngestListener {
  /** Nothing is told. */
  IngestListener NONE = new IngestListener() {};

  /** A periodic snapshot, about once a second. */
  default void progress(IngestProgress progress) {}

  /**
   * A payload or input was rejected (after the failure is logged in the store).
   *
   * @param input the input's name
   * @param reason why
   */
  default void rejected(String input, String reason) {}
}
