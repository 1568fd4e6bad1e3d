// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.Objects;

/**
 * An SPF modifier: {@code redirect=}, {@code exp=} or an unknown one (which is ignored).
 *
 * @param name the name, lower case
 * @param value the value as written
 * @param index the 0-based index in the record text
 * @param text the term as written
 */
public record SpfModifier(String name, String value, int index, String text) implements SpfTerm {
  public SpfModifier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(text, "text");
  }

  /** Whether the value holds macros. */
  public boolean hasMacros() {
    return value.indexOf('%') >= 0;
  }
}
