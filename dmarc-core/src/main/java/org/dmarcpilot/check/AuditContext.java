// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.TxtData;
import org.dmarcpilot.policy.PolicyOutcome;
import org.jspecify.annotations.Nullable;

/** The state of one domain's audit, shared by the section audits. Not thread-safe. */
final class AuditContext {
  final String domain;
  final DnsResolver dns;
  final AuditOptions options;
  final List<Finding> findings = new ArrayList<>();
  final Map<AuditSection, List<String>> records = new EnumMap<>(AuditSection.class);

  /** Lookups outside the resolver (DNSSEC) that failed temporarily. */
  final List<String> otherFailures = new ArrayList<>();

  @Nullable PolicyOutcome policy;
  int tlsProbes;
  private @Nullable DnsAnswer<TxtData> apexTxt;

  AuditContext(String domain, DnsResolver dns, AuditOptions options) {
    this.domain = domain;
    this.dns = dns;
    this.options = options;
  }

  /** The TXT records at the domain itself (asked once; SPF and the DMARC location check use it). */
  DnsAnswer<TxtData> apexTxt() {
    if (apexTxt == null) {
      apexTxt = dns.txt(domain);
    }
    return apexTxt;
  }

  void add(CheckId id, String title, List<String> evidence) {
    findings.add(id.finding(title, evidence));
  }

  void add(CheckId id, String title, String fix, List<String> evidence) {
    findings.add(id.finding(title, fix, evidence));
  }

  void record(AuditSection section, String line) {
    records.computeIfAbsent(section, k -> new ArrayList<>()).add(line);
  }

  /** Evidence lines for a TXT answer: each record in zone-file form, or the status. */
  static List<String> evidence(DnsAnswer<TxtData> answer) {
    if (!answer.isOk()) {
      return List.of(answer.describe());
    }
    List<String> out = new ArrayList<>();
    for (TxtData t : answer.values()) {
      out.add(answer.name() + " TXT " + shorten(t.presentation()));
    }
    return out;
  }

  /** One TXT record as evidence. */
  static String evidence(String name, TxtData t) {
    return name + " TXT " + shorten(t.presentation());
  }

  /** Long key data shortened for display. */
  static String shorten(String s) {
    return s.length() <= 600 ? s : s.substring(0, 560) + "...(" + s.length() + " characters)";
  }
}
