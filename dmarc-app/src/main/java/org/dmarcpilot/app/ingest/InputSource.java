// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;

/** Produces inputs, lazily: a folder of a million files is walked, never listed whole. */
@FunctionalInterface
public interface InputSource {

  /**
   * Hands every input to {@code sink}, blocking while the pipeline is full.
   *
   * @throws IOException when the source cannot be read (a missing folder, a lost connection that
   *     did not come back); inputs handed over before stay handed over
   * @throws InterruptedException when the ingest is cancelled
   */
  void produce(Sink sink) throws IOException, InterruptedException;

  /** A short description for messages. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** Where inputs go. */
  @FunctionalInterface
  interface Sink {
    /** Takes one input; blocks while the pipeline is full. */
    void accept(InputUnit unit) throws InterruptedException;
  }
}
