// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

/**
 * The qualifier of an SPF mechanism: the result when it matches.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7208#section-4.6.2">RFC 7208 §4.6.2</a>
 */
public enum SpfQualifier {
  /** {@code +} (the default): pass. */
  PASS('+'),
  /** {@code -}: fail. */
  FAIL('-'),
  /** {@code ~}: softfail. */
  SOFTFAIL('~'),
  /** {@code ?}: neutral. */
  NEUTRAL('?');

  private final char symbol;

  SpfQualifier(char symbol) {
    this.symbol = symbol;
  }

  /** The character as written. */
  public char symbol() {
    return symbol;
  }

  /** The qualifier for a character, or null if it is not one. */
  static @org.jspecify.annotations.Nullable SpfQualifier of(char c) {
    for (SpfQualifier q : values()) {
      if (q.symbol == c) {
        return q;
      }
    }
    return null;
  }
}
