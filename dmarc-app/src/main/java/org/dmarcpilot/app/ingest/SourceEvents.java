// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * Hears what a long-running source is doing, for a status display: reading, waiting for new input,
 * or retrying after a failure. Called from the source's thread; implementations return quickly.
 */
public interface SourceEvents {
  /** Nothing is told. */
  SourceEvents NONE = new SourceEvents() {};

  /** The source is connected and reading (a mailbox opened, a folder being walked). */
  default void reading() {}

  /** The source has read everything there was and waits for new input. */
  default void waiting() {}

  /**
   * The source cannot read now and tries again later (a dropped or refused connection, a missing
   * folder).
   *
   * @param error what went wrong
   */
  default void retrying(String error) {}
}
