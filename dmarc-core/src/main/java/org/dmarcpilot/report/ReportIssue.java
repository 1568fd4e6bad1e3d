// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.Objects;

/**
 * A deviation from the schema that the reader repaired or a part of the input it skipped, with the
 * position where it was found. Issues are data on the result, never log lines.
 *
 * @param line the 1-based line in the XML of the element or value the issue is about (a value that
 *     was repaired is pointed at itself, a skipped element at its start tag), or 0 when the issue
 *     is not tied to a position (for example a zip member that was ignored)
 * @param column the 1-based column, or 0
 * @param message what was found and what was done about it, for a person to read
 */
public record ReportIssue(int line, int column, String message) {
  public ReportIssue {
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("negative position: " + line + ":" + column);
    }
  }

  /** An issue that is not tied to a position in the XML. */
  public static ReportIssue of(String message) {
    return new ReportIssue(0, 0, message);
  }

  /** {@code line 3, column 7: message}, {@code line 3: message} or the message alone. */
  @Override
  public String toString() {
    if (line == 0) {
      return message;
    }
    return column == 0
        ? "line " + line + ": " + message
        : "line " + line + ", column " + column + ": " + message;
  }
}
