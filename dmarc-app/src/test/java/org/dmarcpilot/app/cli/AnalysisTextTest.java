// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.AnalysisResult;
import org.dmarcpilot.app.analysis.DeploymentAdvisor;
import org.dmarcpilot.app.analysis.OwnerMarks;
import org.dmarcpilot.app.analysis.SourceAnalyzer;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;

class AnalysisTextTest {
  private static final Instant BEGIN = Instant.parse("2026-03-01T00:00:00Z");

  private static ReportRecord row(String ip, long n, String dkimDomain, String spfDomain) {
    return new ReportRecord(
        InetAddresses.forString(ip),
        n,
        new PolicyEvaluated(DispositionType.NONE, null, null, List.of()),
        new Identifiers("example.com", null, null),
        dkimDomain.isEmpty()
            ? List.of()
            : List.of(new DkimAuthResult(dkimDomain, "s1", DkimResultType.PASS, null)),
        List.of(new SpfAuthResult(spfDomain, SpfDomainScope.MFROM, SpfResultType.PASS, null)),
        List.of());
  }

  private static AnalysisResult result() {
    PolicyPublished p =
        new PolicyPublished(
            "example.com", Policy.NONE, null, null, null, null, null, null, null, null);
    AggregateReport r =
        new AggregateReport(
            "1.0",
            ReportSchema.NONE,
            new ReportMetadata(
                "google.com", null, null, "1", BEGIN, BEGIN.plusSeconds(86_399), List.of(), null),
            p,
            List.of(
                row("192.0.2.1", 90, "example.com", "example.com"),
                row("198.51.100.7", 10, "sendgrid.info", "sendgrid.net"),
                row("203.0.113.5", 3, "", "evil\u001b[31m.example")),
            List.of(),
            List.of());
    return new SourceAnalyzer(
            new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
            new ServiceIdentifier(SenderCatalogue.builtIn()),
            IpFacts::unknown,
            OwnerMarks.none())
        .analyze(List.of(r));
  }

  @Test
  void sources_tableShowsClassesEvidenceAndFixes_withoutTerminalEscapes() {
    StringWriter w = new StringWriter();
    AnalysisText.sources(
        new PrintWriter(w, true),
        "example.com",
        "last 30 days",
        result().sourcesOf("example.com"),
        false);
    String text = w.toString();
    assertThat(text)
        .contains("Sources of example.com, last 30 days: 3 sources, 103 messages")
        .contains("aligned                    90  87.4% 100.0%  192.0.2.1")
        .contains("yours-not-aligned          10   9.7%   0.0%  SendGrid")
        .contains("  fix DKIM: The same Domain Authentication")
        .contains("evil?[31m.example")
        .doesNotContain("\u001b")
        .contains("No GeoIP data installed");
  }

  @Test
  void advice_textAndJson() throws Exception {
    Advice a =
        new DeploymentAdvisor(AdvisorThresholds.DEFAULTS)
            .advise("example.com", result(), BEGIN.plus(Duration.ofDays(2)), null);
    StringWriter w = new StringWriter();
    AnalysisText.advice(new PrintWriter(w, true), a);
    assertThat(w.toString())
        .contains("example.com: monitor (p=none)")
        .contains("reporters          FAIL   1                            >= 3")
        .contains("Publish at _dmarc.example.com:\n  v=DMARC1; p=quarantine; t=y; np=reject")
        .contains("Blocked by:");
    String json = new ObjectMapper().writeValueAsString(AnalysisText.adviceJson(a));
    assertThat(new ObjectMapper().readTree(json).path("next_record").asText())
        .isEqualTo("v=DMARC1; p=quarantine; t=y; np=reject");
    String sources =
        new ObjectMapper()
            .writeValueAsString(
                AnalysisText.sourcesJson(
                    "example.com", "a", "b", result().sourcesOf("example.com")));
    assertThat(
            new ObjectMapper()
                .readTree(sources)
                .path("sources")
                .get(1)
                .path("fix")
                .path("spf")
                .asText())
        .contains("Domain Authentication");
  }
}
