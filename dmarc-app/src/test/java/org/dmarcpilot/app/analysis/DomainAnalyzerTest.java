// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.analysis.ReportSets.DAY;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming domain analysis gives the same sources, summaries, simulation and advice as the
 * report-based {@link SourceAnalyzer} and {@link DeploymentAdvisor} for the same reports.
 */
class DomainAnalyzerTest {
  private static final LocalDate FIRST = LocalDate.ofInstant(DAY, ZoneOffset.UTC);
  private static final LocalDate LAST = FIRST.plusDays(13);
  private static final Instant NOW = DAY.plus(Duration.ofDays(14));

  private static DomainAnalyzer analyzer(OwnerMarks marks, int listed) {
    return new DomainAnalyzer(
        ReportSets.ALIGNMENT,
        new ServiceIdentifier(SenderCatalogue.builtIn()),
        Scenario.FACTS::get,
        marks,
        listed);
  }

  @ParameterizedTest(name = "sendgrid fixed: {0}")
  @ValueSource(booleans = {false, true})
  void scenario_equalsTheReportBasedAnalysis(boolean sendgridFixed) {
    OwnerMarks marks = OwnerMarks.of(Map.of("example.com ip:203.0.113.60", OwnerMark.MINE));
    List<AggregateReport> reports = Scenario.exampleCom(Policy.QUARANTINE, sendgridFixed);
    AnalysisResult expected = Scenario.analyzer(marks).analyze(reports);
    DomainSnapshot got = analyzer(marks, 500).analyze("example.com", FIRST, LAST, reports);

    assertThat(got.sources()).isEqualTo(expected.sourcesOf("example.com"));
    assertThat(got.sourceCount()).isEqualTo(expected.sourcesOf("example.com").size());
    assertThat(got.unlisted().values()).allMatch(n -> n == 0);
    assertThat(got.reporterFlags()).isEqualTo(expected.reporterFlags());
    assertThat(got.byDay()).isEqualTo(Summaries.byDay(expected.rows(), "example.com", DAY, NOW));
    assertThat(got.byReporter())
        .isEqualTo(Summaries.byReporter(expected.rows(), "example.com", DAY, NOW));
    assertThat(got.byFromDomain())
        .isEqualTo(Summaries.byFromDomain(expected.rows(), "example.com", DAY, NOW));
    long all = reports.stream().mapToLong(AggregateReport::messageCount).sum();
    assertThat(got.total().messages()).isEqualTo(all);
    assertThat(got.records()).isEqualTo(reports.stream().mapToLong(r -> r.records().size()).sum());
    assertThat(got.latestPolicy()).isEqualTo(expected.policyOf("example.com").orElseThrow());

    PolicySimulator simulator = new PolicySimulator(d -> true);
    for (TargetPolicy t :
        List.of(
            TargetPolicy.of(Policy.REJECT),
            new TargetPolicy(Policy.QUARANTINE, null, Policy.REJECT, true, 100),
            new TargetPolicy(Policy.REJECT, Policy.NONE, null, false, 100))) {
      assertThat(got.simulate(simulator, t))
          .as(t.describe())
          .isEqualTo(simulator.simulate("example.com", expected.rows(), t, DAY, NOW));
    }
    DeploymentAdvisor advisor = new DeploymentAdvisor(AdvisorThresholds.DEFAULTS);
    assertThat(got.advise(advisor, null))
        .isEqualTo(advisor.advise("example.com", expected, NOW, null));
    String record = "v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com";
    assertThat(got.advise(advisor, record))
        .isEqualTo(advisor.advise("example.com", expected, NOW, record));
  }

  @Test
  void demoData_everyDomainEqualsTheReportBasedAnalysis() {
    LocalDate last = LocalDate.parse("2026-03-15");
    List<AggregateReport> all = DemoData.generate(last, 14, 3);
    Instant now = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (String domain : List.of("example.com", "example.org", "example.net", "example.info")) {
      List<AggregateReport> reports =
          all.stream().filter(r -> r.policyPublished().domain().equals(domain)).toList();
      AnalysisResult expected = Scenario.analyzer(OwnerMarks.none()).analyze(reports);
      DomainSnapshot got =
          analyzer(OwnerMarks.none(), 500).analyze(domain, last.minusDays(13), last, reports);
      assertThat(got.sources()).as(domain).isEqualTo(expected.sourcesOf(domain));
      DeploymentAdvisor advisor = new DeploymentAdvisor(AdvisorThresholds.DEFAULTS);
      assertThat(got.advise(advisor, null))
          .as(domain)
          .isEqualTo(advisor.advise(domain, expected, now, null));
      assertThat(got.byFromDomain())
          .as(domain)
          .isEqualTo(Summaries.byFromDomain(expected.rows(), domain, got.start(), now));
    }
  }

  @Test
  void listedBound_keepsTheLargestAndSumsTheRest() {
    List<AggregateReport> reports = Scenario.exampleCom(Policy.NONE, false);
    DomainSnapshot all =
        analyzer(OwnerMarks.none(), 500).analyze("example.com", FIRST, LAST, reports);
    DomainSnapshot two =
        analyzer(OwnerMarks.none(), 2).analyze("example.com", FIRST, LAST, reports);
    assertThat(two.sources()).isEqualTo(all.sources().subList(0, 2));
    assertThat(two.sourceCount()).isEqualTo(all.sources().size());
    long rest =
        all.sources().subList(2, all.sources().size()).stream()
            .mapToLong(SourceReport::messages)
            .sum();
    assertThat(two.unlisted().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(rest);
    assertThat(two.unlisted().get(SourceClass.SPOOFING)).isEqualTo(42);
    // the advisor still names the unlisted unknown source and the unaligned service
    DeploymentAdvisor advisor =
        new DeploymentAdvisor(new AdvisorThresholds(0.98, Duration.ofDays(14), 3, 0.0));
    assertThat(two.advise(advisor, null)).isEqualTo(all.advise(advisor, null));
  }

  @Test
  void rowOutsideThePeriod_isRefused() {
    var run = analyzer(OwnerMarks.none(), 5).start("example.com", FIRST, FIRST);
    AggregateReport r = Scenario.exampleCom(Policy.NONE, false).get(5);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                run.add(
                    "x",
                    r.metadata().begin().plus(Duration.ofDays(3)),
                    r.metadata().end().plus(Duration.ofDays(3)),
                    r.policyPublished(),
                    r.records().get(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
  }
}
