// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.Objects;

/**
 * A DNS TXT record (DMARC, SPF, DKIM key, MTA-STS, TLS-RPT, BIMI) does not follow its grammar. The
 * message names the input, the problem and the 0-based index in the input where it was found:
 *
 * <pre>
 * 'v=DMARC1; p=rejet': unknown value "rejet" for tag p (index 12)
 * </pre>
 */
public final class RecordSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int index;
  private final String problem;

  /**
   * @param input the record text as given
   * @param index the 0-based index of the problem in {@code input}, or -1 when it concerns the
   *     whole record
   * @param problem what is wrong, for a person to read
   */
  public RecordSyntaxException(String input, int index, String problem) {
    super(format(input, index, problem));
    this.input = Objects.requireNonNull(input, "input");
    this.index = index;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  private static String format(String input, int index, String problem) {
    String shown = input.length() > 300 ? input.substring(0, 300) + "..." : input;
    return "'" + shown + "': " + problem + (index >= 0 ? " (index " + index + ")" : "");
  }

  /** The record text as given. */
  public String input() {
    return input;
  }

  /** The 0-based index of the problem in the input, or -1 for the record as a whole. */
  public int index() {
    return index;
  }

  /** What is wrong, without the input and position. */
  public String problem() {
    return problem;
  }
}
