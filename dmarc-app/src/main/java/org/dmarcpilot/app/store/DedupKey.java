// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * What makes two reports the same report: reporter organisation, report id, policy domain and the
 * reporting period. The store enforces it with the UNIQUE constraint {@code
 * aggregate_report_dedup}.
 *
 * @param orgName the reporter's {@code org_name}
 * @param reportId the {@code report_id}
 * @param policyDomain the policy domain
 * @param begin start of the period
 * @param end end of the period
 */
public record DedupKey(
    String orgName, String reportId, String policyDomain, Instant begin, Instant end)
    implements Comparable<DedupKey> {
  private static final Comparator<DedupKey> ORDER =
      Comparator.comparing(DedupKey::orgName)
          .thenComparing(DedupKey::reportId)
          .thenComparing(DedupKey::policyDomain)
          .thenComparing(DedupKey::begin)
          .thenComparing(DedupKey::end);

  public DedupKey {
    Objects.requireNonNull(orgName, "orgName");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
  }

  /** The key of a report. */
  public static DedupKey of(AggregateReport r) {
    return new DedupKey(
        r.metadata().orgName(),
        r.metadata().reportId(),
        r.policyPublished().domain(),
        r.metadata().begin(),
        r.metadata().end());
  }

  /** Orders keys so that concurrent writers take the unique index's locks in the same order. */
  @Override
  public int compareTo(DedupKey o) {
    return ORDER.compare(this, o);
  }
}
