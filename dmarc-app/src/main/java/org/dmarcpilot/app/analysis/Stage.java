// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

/** Where a domain stands on the way from monitoring to {@code p=reject}. */
public enum Stage {
  /** {@code p=none} (or no {@code p}): reports only. */
  MONITOR,
  /** {@code p=quarantine} with {@code t=y} (or an RFC 7489 {@code pct} below 100). */
  QUARANTINE_TESTING,
  /** {@code p=quarantine}. */
  QUARANTINE,
  /** {@code p=reject} with {@code t=y} (or {@code pct} below 100): applied as quarantine. */
  REJECT_TESTING,
  /** {@code p=reject}: the goal. */
  REJECT
}
