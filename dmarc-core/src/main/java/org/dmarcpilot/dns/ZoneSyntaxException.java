// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

/**
 * Zone-file text given to {@link InMemoryDnsResolver#parse} could not be read. The message names
 * the line and the problem: {@code line 3: unknown record type "TXTT"}.
 */
public final class ZoneSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  /**
   * @param line the 1-based line of the problem
   * @param problem what is wrong
   */
  public ZoneSyntaxException(int line, String problem) {
    super("line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }
}
