// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.google.common.net.InetAddresses;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;

/** Test reports built from the model records (documentation addresses, example.com). */
public final class TestReports {
  /** 2024-05-01T00:00:00Z. */
  public static final Instant DAY0 = Instant.parse("2024-05-01T00:00:00Z");

  private TestReports() {}

  /** A small report with {@code records} simple records. */
  public static AggregateReport simple(String org, String id, String domain, int day, int records) {
    List<ReportRecord> rows = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rows.add(
          new ReportRecord(
              InetAddresses.forString("192.0.2." + (i % 250 + 1)),
              i + 1,
              new PolicyEvaluated(
                  DispositionType.NONE, DmarcResultType.PASS, DmarcResultType.FAIL, List.of()),
              new Identifiers(domain, domain, null),
              List.of(new DkimAuthResult(domain, "s1", DkimResultType.PASS, null)),
              List.of(new SpfAuthResult(domain, SpfDomainScope.MFROM, SpfResultType.PASS, null)),
              List.of()));
    }
    Instant begin = DAY0.plusSeconds(86_400L * day);
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(
            org, "noreply@" + org, null, id, begin, begin.plusSeconds(86_399), List.of(), null),
        new PolicyPublished(domain, Policy.NONE, null, null, null, null, null, null, null, null),
        rows,
        List.of(),
        List.of());
  }

  /** A report that uses every field the model has, with nulls where allowed, and IPv6. */
  public static AggregateReport full() {
    Instant begin = Instant.parse("2024-06-02T00:00:00Z");
    ReportRecord r1 =
        new ReportRecord(
            InetAddresses.forString("2001:db8::1"),
            42,
            new PolicyEvaluated(
                DispositionType.QUARANTINE,
                DmarcResultType.FAIL,
                null,
                List.of(
                    new PolicyOverrideReason(PolicyOverrideType.MAILING_LIST, "list\tmail\nok"),
                    new PolicyOverrideReason(PolicyOverrideType.LOCAL_POLICY, null))),
            new Identifiers("example.com", "", "example.net"),
            List.of(
                new DkimAuthResult("example.com", null, DkimResultType.FAIL, "body hash \\ bad"),
                new DkimAuthResult("esp.example", "sel", DkimResultType.PASS, null)),
            List.of(
                new SpfAuthResult("example.com", null, SpfResultType.SOFTFAIL, "hr"),
                new SpfAuthResult("helo.example", SpfDomainScope.HELO, SpfResultType.NONE, null)),
            List.of("<ext:x xmlns:ext=\"urn:x\">1:2</ext:x>", "<y/>"));
    ReportRecord r2 =
        new ReportRecord(
            InetAddresses.forString("198.51.100.7"),
            0,
            new PolicyEvaluated(DispositionType.PASS, null, DmarcResultType.PASS, List.of()),
            new Identifiers("", null, null),
            List.of(),
            List.of(),
            List.of());
    return new AggregateReport(
        null,
        ReportSchema.RFC9990,
        new ReportMetadata(
            "Example Receiver",
            "dmarc@receiver.example",
            "https://receiver.example/dmarc",
            "  id-42 ",
            begin,
            begin.plusSeconds(86_400),
            List.of("first error", "second\nerror"),
            "receiver 1.0"),
        new PolicyPublished(
            "example.com",
            Policy.REJECT,
            Policy.QUARANTINE,
            Policy.NONE,
            AlignmentMode.STRICT,
            AlignmentMode.RELAXED,
            50,
            "1:d",
            true,
            DiscoveryMethod.TREEWALK),
        List.of(r1, r2),
        List.of("<ext>report level</ext>"),
        List.of(new ReportIssue(3, 7, "upper-case 'PASS' read as pass"), ReportIssue.of("other")));
  }

  /** A report on its way in, hashed from its id. */
  public static IncomingReport incoming(AggregateReport r) {
    return new IncomingReport(
        r,
        Sha256.of(
            (r.metadata().orgName() + "|" + r.metadata().reportId())
                .getBytes(StandardCharsets.UTF_8)),
        Provenance.file("/reports/" + r.metadata().reportId() + ".xml"));
  }
}
