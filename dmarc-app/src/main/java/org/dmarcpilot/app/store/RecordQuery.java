// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which records an export streams, and in which order.
 *
 * @param policyDomain only this policy domain (lower-cased), or null for all
 * @param since only reports whose period begins on or after this UTC day, or null for all
 * @param until only reports whose period begins on or before this UTC day, or null for all
 * @param sourceIp only records of this sending address (as stored: RFC 5952 text), or null for all
 * @param newestFirst the reports stored last come first (else the reports stored first)
 */
public record RecordQuery(
    @Nullable String policyDomain,
    @Nullable LocalDate since,
    @Nullable LocalDate until,
    @Nullable String sourceIp,
    boolean newestFirst) {
  public RecordQuery {
    if (policyDomain != null) {
      policyDomain = policyDomain.toLowerCase(Locale.ROOT);
    }
  }

  /** Records of one domain (or all) since a day (or ever), the reports stored first first. */
  public RecordQuery(@Nullable String policyDomain, @Nullable LocalDate since) {
    this(policyDomain, since, null, null, false);
  }

  /**
   * Records in the order of the dashboard's records list and of {@code GET /api/v1/records/export}:
   * the reports stored last first, each report's records in their order in the report. The CLI's
   * {@code export} uses it too, so the three agree row for row.
   *
   * @param policyDomain only this policy domain, or null for all
   * @param since only reports whose period begins on or after this UTC day, or null
   * @param until only reports whose period begins on or before this UTC day, or null
   * @param sourceIp only records of this sending address (RFC 5952 text), or null for all
   * @return the query, newest first
   */
  public static RecordQuery listOrder(
      @Nullable String policyDomain,
      @Nullable LocalDate since,
      @Nullable LocalDate until,
      @Nullable String sourceIp) {
    return new RecordQuery(policyDomain, since, until, sourceIp, true);
  }

  /** All records. */
  public static RecordQuery all() {
    return new RecordQuery(null, null);
  }
}
