// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.enrich.Confidence;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;

class SourceAnalyzerTest {

  private static SourceReport source(AnalysisResult r, String key) {
    return r.sourcesOf("example.com").stream()
        .filter(s -> s.source().toString().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no source " + key + " in " + r.sources()));
  }

  @Test
  void analyze_givesEachSourceItsClassWithEvidence() {
    AnalysisResult r =
        Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(Policy.NONE, false));

    assertThat(r.sourcesOf("example.com"))
        .extracting(s -> s.source().toString(), SourceReport::sourceClass, SourceReport::messages)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "service:google-workspace", SourceClass.ALIGNED, 12_610L),
            org.assertj.core.groups.Tuple.tuple(
                "service:sendgrid", SourceClass.YOURS_NOT_ALIGNED, 70L),
            org.assertj.core.groups.Tuple.tuple("ip:203.0.113.50", SourceClass.SPOOFING, 42L),
            org.assertj.core.groups.Tuple.tuple("service:outlook-com", SourceClass.FORWARDED, 28L),
            org.assertj.core.groups.Tuple.tuple("ip:203.0.113.60", SourceClass.UNKNOWN, 14L));

    SourceReport sendgrid = source(r, "service:sendgrid");
    assertThat(sendgrid.serviceName()).isEqualTo("SendGrid");
    assertThat(sendgrid.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(sendgrid.fix()).isNotNull();
    assertThat(sendgrid.fix().dkim()).contains("s1._domainkey");
    assertThat(sendgrid.evidence())
        .contains(
            "DKIM pass d=sendgrid.info not aligned with example.com",
            "SPF pass sendgrid.net not aligned with example.com");
    assertThat(sendgrid.evidence().get(0))
        .startsWith("identified as SendGrid by DKIM d=sendgrid.info");

    SourceReport forwarded = source(r, "service:outlook-com");
    assertThat(forwarded.evidence())
        .contains(
            "aligned DKIM signature failed (message modified in transit)",
            "Outlook.com (consumer) is a forwarding network");
    assertThat(forwarded.fix()).isNull();

    SourceReport spoof = source(r, "ip:203.0.113.50");
    assertThat(spoof.evidence()).containsExactly("unknown source", "no SPF or DKIM pass");
    assertThat(spoof.serviceId()).isNull();

    SourceReport workspace = source(r, "service:google-workspace");
    assertThat(workspace.reporters()).containsExactly("Outlook.com", "Yahoo", "Zoho", "google.com");
    assertThat(workspace.dmarcPass()).isEqualTo(12_610L);
    assertThat(workspace.messagesByClass()).containsEntry(SourceClass.ALIGNED, 12_610L);
    assertThat(workspace.countries()).containsExactly("US");
  }

  @Test
  void analyze_flagsTheReporterWhoseVerdictDisagrees() {
    AnalysisResult r =
        Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(Policy.NONE, false));
    assertThat(r.reporterFlags())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reporter()).isEqualTo("Zoho");
              assertThat(f.rows()).isEqualTo(1);
              assertThat(f.messages()).isEqualTo(10);
              assertThat(f.examples())
                  .containsExactly("reporter says dkim=fail, recomputed pass (d=example.com)");
            });
    // the recomputed verdict is the one used: the Zoho row counts as aligned
    assertThat(r.rows())
        .filteredOn(row -> row.reporter().equals("Zoho"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.dmarcPass()).isTrue();
              assertThat(row.reporterDisagrees()).isTrue();
            });
  }

  @Test
  void analyze_ownerMarksOverrideTheClass() {
    OwnerMarks marks =
        OwnerMarks.of(
            Map.of(
                "example.com ip:203.0.113.50", OwnerMark.MINE,
                "example.com service:sendgrid", OwnerMark.NOT_MINE));
    AnalysisResult r = Scenario.analyzer(marks).analyze(Scenario.exampleCom(Policy.NONE, false));
    SourceReport mine = source(r, "ip:203.0.113.50");
    assertThat(mine.sourceClass()).isEqualTo(SourceClass.YOURS_NOT_ALIGNED);
    assertThat(mine.ownerMark()).isEqualTo(OwnerMark.MINE);
    assertThat(mine.fix().spf()).contains("203.0.113.50").contains("example.com");
    SourceReport notMine = source(r, "service:sendgrid");
    assertThat(notMine.sourceClass()).isEqualTo(SourceClass.SPOOFING);
    assertThat(notMine.evidence()).contains("marked not mine by the owner");
  }

  @Test
  void analyze_overrideReasonsAndArcMeanForwarded() {
    var policy = ReportSets.policy("example.org", Policy.REJECT);
    var report =
        ReportSets.daily(
            "google.com",
            0,
            policy,
            ReportSets.row("192.0.2.77", 4, "example.org")
                .spf("lists.example.net", SpfResultType.PASS)
                .reason(PolicyOverrideType.MAILING_LIST, null)
                .build(),
            ReportSets.row("192.0.2.78", 6, "example.org")
                .spf("example.org", SpfResultType.FAIL)
                .reason(PolicyOverrideType.LOCAL_POLICY, "arc=pass as.1.google.com=pass")
                .build());
    AnalysisResult r = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(report));
    assertThat(r.sourcesOf("example.org"))
        .extracting(SourceReport::sourceClass)
        .containsOnly(SourceClass.FORWARDED);
    assertThat(r.sourcesOf("example.org").get(0).evidence())
        .anyMatch(e -> e.startsWith("ARC in the reporter's comment"));
    assertThat(r.sourcesOf("example.org").get(1).evidence())
        .contains("reporter override reason mailing_list");
  }

  @Test
  void analyze_fixedServiceBecomesAligned() {
    AnalysisResult r =
        Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(Policy.NONE, true));
    // d=example.com with selector s1 is only a LOW hint, so the IP is its own source now
    assertThat(r.sourcesOf("example.com"))
        .filteredOn(
            s -> s.source().value().equals("198.51.100.7") || "sendgrid".equals(s.serviceId()))
        .singleElement()
        .satisfies(s -> assertThat(s.sourceClass()).isEqualTo(SourceClass.ALIGNED));
    assertThat(r.latestPolicy()).containsKey("example.com");
  }

  @Test
  void analyze_unknownServiceFailingEverythingOnKnownHostIsUnknownNotSpoofing() {
    var report =
        ReportSets.daily(
            "google.com",
            0,
            ReportSets.policy("example.net", Policy.NONE),
            ReportSets.row("198.51.100.7", 3, "example.net")
                .dkim("example.net", "s1", DkimResultType.FAIL)
                .spf("example.net", SpfResultType.SOFTFAIL)
                .build());
    AnalysisResult r = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(report));
    // an aligned signature failed: the classifier calls it forwarded-looking modification
    assertThat(r.sourcesOf("example.net").get(0).sourceClass()).isEqualTo(SourceClass.FORWARDED);
    var report2 =
        ReportSets.daily(
            "google.com",
            0,
            ReportSets.policy("example.net", Policy.NONE),
            ReportSets.row("198.51.100.7", 3, "example.net")
                .spf("example.net", SpfResultType.SOFTFAIL)
                .build());
    AnalysisResult r2 = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(report2));
    assertThat(r2.sourcesOf("example.net").get(0).sourceClass()).isEqualTo(SourceClass.UNKNOWN);
    assertThat(r2.sourcesOf("example.net").get(0).evidence())
        .contains("known service SendGrid but no SPF or DKIM pass: review");
  }

  @Test
  void analyze_withARowConsumer_keepsNoRowsAndFindsTheSame() {
    var reports = Scenario.exampleCom(Policy.NONE, false);
    AnalysisResult kept = Scenario.analyzer(OwnerMarks.none()).analyze(reports);
    java.util.List<ClassifiedRow> handed = new java.util.ArrayList<>();
    AnalysisResult streamed = Scenario.analyzer(OwnerMarks.none()).analyze(reports, handed::add);
    assertThat(kept.rows()).isNotEmpty();
    assertThat(handed).isEqualTo(kept.rows());
    assertThat(streamed.rows()).isEmpty();
    assertThat(streamed.sources()).isEqualTo(kept.sources());
    assertThat(streamed.reporterFlags()).isEqualTo(kept.reporterFlags());
    assertThat(streamed.latestPolicy()).isEqualTo(kept.latestPolicy());
  }
}
