// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DomainNames;
import org.jspecify.annotations.Nullable;

/**
 * The domain audit behind {@code dmarcpilot check}: looks up a domain's DMARC, SPF, DKIM, MX,
 * MTA-STS, TLS-RPT and BIMI records and returns every {@link Finding} with its explanation, fix and
 * evidence, plus the DMARC record to publish next. Every check has an id in {@link CheckId}.
 * Immutable and thread-safe: audit many domains concurrently with one instance.
 *
 * <pre>{@code
 * DomainAudit audit = new DomainAudit(DnsjavaResolver.system(), AuditOptions.defaults());
 * AuditReport report = audit.audit("example.com");
 * report.findings().forEach(f -> System.out.println(f.severity() + " " + f.title()));
 * report.recommendation().record();   // v=DMARC1; p=quarantine; t=y; np=reject; rua=...
 * }</pre>
 */
public final class DomainAudit {
  private final DnsResolver dns;
  private final AuditOptions options;

  /**
   * @param dns the resolver (a {@link org.dmarcpilot.dns.DnsjavaResolver}, or an {@link
   *     org.dmarcpilot.dns.InMemoryDnsResolver} for a zone file)
   * @param options what to check
   */
  public DomainAudit(DnsResolver dns, AuditOptions options) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** What this audit checks. */
  public AuditOptions options() {
    return options;
  }

  /**
   * An audit on the same resolver with other options (for example the DKIM selectors a domain's
   * reports show, and no reverse DNS).
   */
  public DomainAudit withOptions(AuditOptions newOptions) {
    return new DomainAudit(dns, newOptions);
  }

  /** Audits one domain (any case, with or without the trailing dot). */
  public AuditReport audit(String domain) {
    String d = DomainNames.normalize(Objects.requireNonNull(domain, "domain"));
    RecordingResolver recording = new RecordingResolver(dns);
    AuditContext ctx = new AuditContext(d, recording, options);
    RecommendedRecord recommendation = null;
    if (!DomainNames.isValid(d)) {
      ctx.add(CheckId.DOMAIN_INVALID, "\"" + domain + "\" is not a valid domain name", List.of());
    } else if (ctx.apexTxt().status() == DnsStatus.NXDOMAIN) {
      ctx.add(CheckId.DOMAIN_NXDOMAIN, d + " does not exist", List.of(ctx.apexTxt().describe()));
    } else {
      DmarcAudit.run(ctx);
      SpfAudit.run(ctx);
      DkimAudit.run(ctx);
      MxAudit.nameServers(ctx);
      MxAudit.run(ctx);
      DnssecAudit.run(ctx);
      MailPolicyAudit.run(ctx);
      recommendation = NextRecordAdvisor.recommend(ctx);
    }
    List<String> failures = new ArrayList<>(recording.failures());
    failures.addAll(ctx.otherFailures);
    for (String f : failures) {
      ctx.add(CheckId.DNS_TEMPFAIL, "DNS query failed: " + f, List.of(f));
    }
    List<Finding> sorted = new ArrayList<>(ctx.findings);
    sorted.sort(Comparator.comparing(Finding::section).thenComparing(Finding::severity));
    return new AuditReport(
        d,
        sorted,
        ctx.records,
        failures.isEmpty() ? recommendation : recommendationIfPolicyKnown(recommendation, ctx),
        failures);
  }

  private static @Nullable RecommendedRecord recommendationIfPolicyKnown(
      @Nullable RecommendedRecord r, AuditContext ctx) {
    return ctx.policy != null
            && ctx.policy.status() != org.dmarcpilot.policy.DiscoveryStatus.TEMPFAIL
        ? r
        : null;
  }
}
