// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.Finding;
import org.dmarcpilot.check.RecommendedRecord;
import org.dmarcpilot.check.Severity;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of {@code dmarcpilot check --json}: stable field names for scripts.
 *
 * @param version the format version, {@value #VERSION}
 * @param exitCode the exit code of the run
 * @param domains one entry per domain, in the order given
 */
record CheckJson(int version, int exitCode, List<DomainJson> domains) {
  static final int VERSION = 1;

  record DomainJson(
      String domain,
      Map<String, Long> summary,
      Map<String, List<String>> records,
      List<FindingJson> findings,
      @Nullable RecommendationJson recommendation,
      List<String> dnsFailures) {}

  record FindingJson(
      String id,
      String severity,
      String section,
      String title,
      String explanation,
      String fix,
      List<String> evidence) {}

  record RecommendationJson(
      String name, String record, String currentStage, String nextStage, List<String> notes) {}

  static CheckJson of(List<AuditReport> reports, int exitCode) {
    List<DomainJson> out = new ArrayList<>();
    for (AuditReport r : reports) {
      Map<String, Long> summary = new LinkedHashMap<>();
      for (Severity s : Severity.values()) {
        summary.put(s.label(), r.count(s));
      }
      Map<String, List<String>> records = new LinkedHashMap<>();
      r.records().forEach((k, v) -> records.put(k.title(), v));
      List<FindingJson> findings = new ArrayList<>();
      for (Finding f : r.findings()) {
        findings.add(
            new FindingJson(
                f.id(),
                f.severity().label(),
                f.section().title(),
                f.title(),
                f.explanation(),
                f.fix(),
                f.evidence()));
      }
      RecommendedRecord rec = r.recommendation();
      RecommendationJson recJson =
          rec == null
              ? null
              : new RecommendationJson(
                  rec.name(),
                  rec.record(),
                  rec.current().name().toLowerCase(java.util.Locale.ROOT),
                  rec.next().name().toLowerCase(java.util.Locale.ROOT),
                  rec.notes());
      out.add(new DomainJson(r.domain(), summary, records, findings, recJson, r.dnsFailures()));
    }
    return new CheckJson(VERSION, exitCode, out);
  }
}
