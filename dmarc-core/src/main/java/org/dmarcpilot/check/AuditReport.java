// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The audit of one domain.
 *
 * @param domain the domain checked, normalised
 * @param findings what was found, grouped by section in {@link AuditSection} order, errors first
 *     within a section
 * @param records the records looked at, per section, in presentation form (for the report header of
 *     each section)
 * @param recommendation the DMARC record to publish next, or null when the domain could not be
 *     checked (it does not exist, or DNS failed)
 * @param dnsFailures the queries that failed temporarily; when not empty the audit is incomplete
 */
public record AuditReport(
    String domain,
    List<Finding> findings,
    Map<AuditSection, List<String>> records,
    @Nullable RecommendedRecord recommendation,
    List<String> dnsFailures) {
  public AuditReport {
    Objects.requireNonNull(domain, "domain");
    findings = List.copyOf(findings);
    EnumMap<AuditSection, List<String>> copy = new EnumMap<>(AuditSection.class);
    records.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    records = java.util.Collections.unmodifiableMap(copy);
    dnsFailures = List.copyOf(dnsFailures);
  }

  /** The most serious severity among the findings, if any. */
  public Optional<Severity> worstSeverity() {
    return findings.stream().map(Finding::severity).min(Enum::compareTo);
  }

  /** Whether some DNS query failed, so that the audit is incomplete. */
  public boolean dnsFailed() {
    return !dnsFailures.isEmpty();
  }

  /** The findings of one section. */
  public List<Finding> findings(AuditSection section) {
    return findings.stream().filter(f -> f.section() == section).toList();
  }

  /** Whether some finding has this id. */
  public boolean has(String id) {
    return findings.stream().anyMatch(f -> f.id().equals(id));
  }

  /** How many findings have a severity. */
  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }
}
