// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

/** How serious a finding is. */
public enum Severity {
  /** Something is broken: mail or reports are affected now. */
  ERROR,
  /** Something works but is risky, weak or likely to break. */
  WARNING,
  /** Worth knowing; no action needed. */
  INFO;

  /** The word shown to people, lower case. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
