// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * A payload that could not be read as a report, with what a failure log needs: where it was, why it
 * failed, and a bounded copy of the original bytes. One failed payload never hides the others of
 * the same input: a zip with one bad member still delivers its good members.
 *
 * <p>The copy holds the bytes of the unit the payload came from, as received: the whole input, or
 * one message of an mbox. Feeding it to the reader again reproduces the failure (or, after a fix,
 * the report). It holds at most {@link ReportLimits#failureCopyBytes()} bytes; {@link #truncated()}
 * tells whether the unit was longer.
 *
 * @param source where the payload was
 * @param error what was wrong, naming the input and the position
 * @param copy the original bytes, at most {@link ReportLimits#failureCopyBytes()} of them
 * @param truncated whether the unit was longer than the copy
 * @param size the unit's size in bytes, at least the copy's length (the failure log shows it)
 */
public record PayloadFailure(
    ReportSource source, ReportParseException error, byte[] copy, boolean truncated, long size) {

  /** Copies the byte array; the size is at least the copy's length. */
  public PayloadFailure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(error, "error");
    copy = copy.clone();
    size = Math.max(size, copy.length + (truncated ? 1L : 0L));
  }

  /** The original bytes (a copy of the array). */
  @Override
  public byte[] copy() {
    return copy.clone();
  }

  /** Compares the array contents, not the array identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadFailure f
        && source.equals(f.source)
        && error.equals(f.error)
        && truncated == f.truncated
        && size == f.size
        && Arrays.equals(copy, f.copy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, error, truncated, size, Arrays.hashCode(copy));
  }

  @Override
  public String toString() {
    return "PayloadFailure["
        + error.getMessage()
        + ", "
        + copy.length
        + " of "
        + size
        + " bytes kept]";
  }
}
