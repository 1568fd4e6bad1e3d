// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;

/** The bounded copy of one unit's original bytes that a failure carries to the failure log. */
public interface UnitCopy {

  /**
   * Makes the copy complete: reads the rest of the unit if it is a stream.
   *
   * @throws IOException if reading the rest fails
   */
  void drain() throws IOException;

  /** The bytes kept, at most the cap. */
  byte[] copy();

  /** Whether the unit was longer than the copy. */
  boolean truncated();

  /** The unit's size in bytes (all of it once drained), at least the copy's length. */
  long size();
}
