// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.analysis.PublishedRecord;
import org.dmarcpilot.app.analysis.Stage;
import org.dmarcpilot.check.AuditSection;
import org.dmarcpilot.check.Finding;
import org.jspecify.annotations.Nullable;

/**
 * What the live record check found for a domain.
 *
 * @param domain the domain
 * @param dmarc the DMARC record lookup at {@code _dmarc.<domain>}
 * @param sections the audit's sections for the records (domain, DMARC, SPF, DKIM) with the records
 *     found and the findings, worst first; empty when the audit did not finish
 * @param selectors the DKIM selectors checked because the reports show them (empty: the common
 *     selectors were probed)
 * @param dnsFailures the queries of the audit that failed temporarily (timeout, SERVFAIL)
 * @param nextStage the advisor's next stage, or null at the goal or when unknown
 * @param nextRecord the record the advisor proposes to publish next, or null
 * @param diff the published record against the next one, tag by tag (empty without a next record)
 * @param error why the check is incomplete (the audit ran out of time or failed), or null
 * @param checkedAt when the check ran
 */
public record LiveRecord(
    String domain,
    PublishedRecord dmarc,
    List<Section> sections,
    List<String> selectors,
    List<String> dnsFailures,
    @Nullable Stage nextStage,
    @Nullable String nextRecord,
    List<TagDiff.Row> diff,
    @Nullable String error,
    Instant checkedAt) {
  /** Checks and copies. */
  public LiveRecord {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(dmarc, "dmarc");
    sections = List.copyOf(sections);
    selectors = List.copyOf(selectors);
    dnsFailures = List.copyOf(dnsFailures);
    diff = List.copyOf(diff);
    Objects.requireNonNull(checkedAt, "checkedAt");
  }

  /**
   * One record's part of the check.
   *
   * @param section which record
   * @param title its heading
   * @param records the records found, as the audit shows them
   * @param findings the findings, worst first
   */
  public record Section(
      AuditSection section, String title, List<String> records, List<Finding> findings) {
    /** Checks and copies. */
    public Section {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(title, "title");
      records = List.copyOf(records);
      findings = List.copyOf(findings);
    }
  }

  /** Whether something went wrong with DNS or the check itself. */
  public boolean incomplete() {
    return error != null
        || !dnsFailures.isEmpty()
        || dmarc.status() == PublishedRecord.Status.FAILED;
  }
}
