// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A payload could not be read as a report: it is not a report at all, it is damaged beyond repair,
 * it lacks data a report must have, or it broke a {@link ReportLimits limit}. The message names the
 * input, the position (when there is one) and the problem:
 *
 * <pre>
 * twilight.eml, part 2 "google.com!twlnet.com!1549756800!1549843199.zip", member "x.xml": line 7,
 * column 5: report_metadata has no report_id
 * </pre>
 */
public class ReportParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * A problem at a position in the input's XML.
   *
   * @param input where the payload came from, for a person to read
   * @param line the 1-based line, or 0 when there is no position
   * @param column the 1-based column, or 0
   * @param problem what is wrong
   * @param cause the underlying exception, or null
   */
  public ReportParseException(
      String input, int line, int column, String problem, @Nullable Throwable cause) {
    super(format(input, line, column, problem), cause);
    this.input = Objects.requireNonNull(input, "input");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
  }

  /** A problem that is not tied to a position (an empty input, a broken gzip stream). */
  public ReportParseException(String input, String problem) {
    this(input, 0, 0, problem, null);
  }

  /** A problem that is not tied to a position, with its cause. */
  public ReportParseException(String input, String problem, @Nullable Throwable cause) {
    this(input, 0, 0, problem, cause);
  }

  private static String format(String input, int line, int column, String problem) {
    if (line <= 0) {
      return input + ": " + problem;
    }
    return column <= 0
        ? input + ": line " + line + ": " + problem
        : input + ": line " + line + ", column " + column + ": " + problem;
  }

  /** Where the payload came from (file name, message, attachment, zip member). */
  public String input() {
    return input;
  }

  /** The 1-based line of the problem in the payload's XML, or 0. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, or 0. */
  public int column() {
    return column;
  }

  /** The problem alone, without input and position. */
  public String problem() {
    return problem;
  }
}
