// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which records an export streams.
 *
 * @param policyDomain only this policy domain (lower-cased), or null for all
 * @param since only reports whose period begins on or after this UTC day, or null for all
 */
public record RecordQuery(@Nullable String policyDomain, @Nullable LocalDate since) {
  public RecordQuery {
    if (policyDomain != null) {
      policyDomain = policyDomain.toLowerCase(Locale.ROOT);
    }
  }

  /** All records. */
  public static RecordQuery all() {
    return new RecordQuery(null, null);
  }
}
