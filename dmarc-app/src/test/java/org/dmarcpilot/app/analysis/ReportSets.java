// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.jspecify.annotations.Nullable;

/** Builders for generated report sets whose right answers are known. Addresses from RFC 5737. */
public final class ReportSets {
  private ReportSets() {}

  static final AlignmentEvaluator ALIGNMENT =
      new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain);

  static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

  static InetAddress ip(String s) {
    return InetAddresses.forString(s);
  }

  static PolicyPublished policy(String domain, Policy p) {
    return new PolicyPublished(domain, p, null, null, null, null, null, null, null, null);
  }

  static PolicyPublished policy(String domain, Policy p, boolean testing) {
    return new PolicyPublished(
        domain,
        p,
        null,
        null,
        AlignmentMode.RELAXED,
        AlignmentMode.RELAXED,
        null,
        null,
        testing,
        null);
  }

  public static AggregateReport report(
      String reporter, Instant begin, Instant end, PolicyPublished policy, ReportRecord... rows) {
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(
            reporter,
            null,
            null,
            reporter + "-" + begin.getEpochSecond(),
            begin,
            end,
            List.of(),
            null),
        policy,
        List.of(rows),
        List.of(),
        List.of());
  }

  static AggregateReport daily(
      String reporter, int day, PolicyPublished policy, ReportRecord... rows) {
    Instant b = DAY.plusSeconds(86_400L * day);
    return report(reporter, b, b.plusSeconds(86_399), policy, rows);
  }

  /** A row builder. */
  public static Row row(String ip, long count, String headerFrom) {
    return new Row(ip, count, headerFrom);
  }

  public static final class Row {
    final String ip;
    final long count;
    final String headerFrom;
    @Nullable String envelopeFrom;
    final List<DkimAuthResult> dkim = new ArrayList<>();
    final List<SpfAuthResult> spf = new ArrayList<>();
    final List<PolicyOverrideReason> reasons = new ArrayList<>();
    @Nullable DmarcResultType claimDkim;
    @Nullable DmarcResultType claimSpf;
    DispositionType disposition = DispositionType.NONE;

    Row(String ip, long count, String headerFrom) {
      this.ip = ip;
      this.count = count;
      this.headerFrom = headerFrom;
    }

    public Row dkim(String d, String s, DkimResultType r) {
      dkim.add(new DkimAuthResult(d, s, r, null));
      return this;
    }

    public Row spf(String d, SpfResultType r) {
      spf.add(new SpfAuthResult(d, SpfDomainScope.MFROM, r, null));
      return this;
    }

    Row helo(String d, SpfResultType r) {
      spf.add(new SpfAuthResult(d, SpfDomainScope.HELO, r, null));
      return this;
    }

    Row envelope(String e) {
      envelopeFrom = e;
      return this;
    }

    public Row reason(
        org.dmarcpilot.report.aggregate.PolicyOverrideType t, @Nullable String comment) {
      reasons.add(new PolicyOverrideReason(t, comment));
      return this;
    }

    public Row claims(@Nullable DmarcResultType dkimClaim, @Nullable DmarcResultType spfClaim) {
      claimDkim = dkimClaim;
      claimSpf = spfClaim;
      return this;
    }

    /** The disposition the reporter applied (default none). */
    public Row disposition(DispositionType d) {
      disposition = d;
      return this;
    }

    public ReportRecord build() {
      return new ReportRecord(
          ip(ip),
          count,
          new PolicyEvaluated(disposition, claimDkim, claimSpf, reasons),
          new Identifiers(headerFrom, envelopeFrom, null),
          dkim,
          spf,
          List.of());
    }
  }

  /** IP facts for tests: PTR names per address, forward-confirmed. */
  static final class Facts {
    final Map<String, IpFacts> map = new HashMap<>();

    Facts ptr(String address, String ptr, @Nullable Long asn) {
      map.put(
          address,
          new IpFacts(ip(address), ReverseDnsStatus.FOUND, ptr, null, true, asn, null, "US"));
      return this;
    }

    IpFacts get(InetAddress a) {
      IpFacts f = map.get(a.getHostAddress());
      return f != null ? f : IpFacts.unknown(a);
    }
  }
}
