// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.analysis.ReportSets.DAY;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;

class DeploymentAdvisorTest {
  private static final Instant NOW = DAY.plus(Duration.ofDays(14));
  private static final DeploymentAdvisor ADVISOR =
      new DeploymentAdvisor(AdvisorThresholds.DEFAULTS);

  private static AnalysisResult analyse(Policy p, boolean sendgridFixed) {
    return Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(p, sendgridFixed));
  }

  @Test
  void advise_domainReadyForReject() {
    Advice a = ADVISOR.advise("example.com", analyse(Policy.QUARANTINE, true), NOW, null);
    assertThat(a.stage()).isEqualTo(Stage.QUARANTINE);
    assertThat(a.gates()).allSatisfy(g -> assertThat(g.passed()).as(g.id()).isTrue());
    assertThat(a.gate("aligned-share").measured()).startsWith("100.0 %");
    assertThat(a.gate("reporters").measured()).isEqualTo("4");
    assertThat(a.ready()).isTrue();
    assertThat(a.nextStage()).isEqualTo(Stage.REJECT);
    assertThat(a.nextRecord()).isEqualTo("v=DMARC1; p=reject");
    assertThat(a.blockedBy()).isEmpty();
    assertThat(a.summary()).contains("ready to move from quarantine to reject");
  }

  @Test
  void percentages_neverSeemToMeetAGateTheyMiss() {
    // 97.96 % aligned against the 98 % gate must not read "98.0 % (needs >= 98.0 %)"
    assertThat(DeploymentAdvisor.percentAgainst(0.97964, 0.98)).isEqualTo("97.96 %");
    assertThat(DeploymentAdvisor.percentAgainst(0.9996, 0.98)).isEqualTo("99.96 %");
    assertThat(DeploymentAdvisor.percentAgainst(0.98, 0.98)).isEqualTo("98.0 %");
    assertThat(DeploymentAdvisor.percentAgainst(1.0, 0.98)).isEqualTo("100.0 %");
    assertThat(DeploymentAdvisor.percentAgainst(12610.0 / 12680, 0.98)).isEqualTo("99.4 %");
    // 1.04 % unknown against the 1 % limit must not read "1.0 %"
    assertThat(DeploymentAdvisor.percentAgainst(0.0104, 0.01)).isEqualTo("1.04 %");
    assertThat(DeploymentAdvisor.percentAgainst(0.0, 0.01)).isEqualTo("0.0 %");
    // a limit is shown as configured: 0.05 %, not 0.1 %
    assertThat(DeploymentAdvisor.percent(0.0005)).isEqualTo("0.05 %");
    assertThat(DeploymentAdvisor.percent(0.98)).isEqualTo("98.0 %");
  }

  @Test
  void advise_keepsTheOtherTagsOfTheCurrentRecord() {
    Advice a =
        ADVISOR.advise(
            "example.com",
            analyse(Policy.QUARANTINE, true),
            NOW,
            "v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@example.com; fo=1");
    assertThat(a.stage()).isEqualTo(Stage.QUARANTINE_TESTING);
    assertThat(a.nextStage()).isEqualTo(Stage.QUARANTINE);
    assertThat(a.nextRecord())
        .isEqualTo("v=DMARC1; p=quarantine; np=reject; rua=mailto:dmarc@example.com; fo=1");
  }

  @Test
  void advise_neverWeakensAStricterSpOrNp() {
    Advice a =
        ADVISOR.advise(
            "example.com", analyse(Policy.NONE, true), NOW, "v=DMARC1; p=none; sp=reject; fo=1");
    assertThat(a.nextStage()).isEqualTo(Stage.QUARANTINE_TESTING);
    assertThat(a.nextRecord()).isEqualTo("v=DMARC1; p=quarantine; t=y; sp=reject; fo=1");
  }

  @Test
  void advise_domainNotReadyNamesTheBlockingGateAndTheFix() {
    Advice a = ADVISOR.advise("example.com", analyse(Policy.NONE, false), NOW, null);
    assertThat(a.stage()).isEqualTo(Stage.MONITOR);
    assertThat(a.ready()).isFalse();
    assertThat(a.gates())
        .filteredOn(g -> !g.passed())
        .extracting(Gate::id)
        .containsExactly("services-aligned");
    // 70 of 12,680 legitimate messages are not aligned: 99.4 %, above the 98 % gate
    assertThat(a.gate("aligned-share").passed()).isTrue();
    assertThat(a.gate("aligned-share").measured()).isEqualTo("99.4 % (12610 of 12680)");
    assertThat(a.gate("services-aligned").blockers())
        .singleElement()
        .asString()
        .startsWith("SendGrid: 70 messages not aligned. SPF: Complete Domain Authentication");
    assertThat(a.nextStage()).isEqualTo(Stage.QUARANTINE_TESTING);
    assertThat(a.nextRecord()).isEqualTo("v=DMARC1; p=quarantine; t=y; np=reject");
    assertThat(a.blockedBy().get(0))
        .isEqualTo("every service of yours aligned: 1 not aligned (needs 0)");
  }

  @Test
  void advise_thresholdsAreConfigurable() {
    var strict =
        new DeploymentAdvisor(new AdvisorThresholds(0.999, Duration.ofDays(14), 5, 0.0005));
    Advice a = strict.advise("example.com", analyse(Policy.QUARANTINE, false), NOW, null);
    assertThat(a.gates())
        .filteredOn(g -> !g.passed())
        .extracting(Gate::id)
        .containsExactly("aligned-share", "services-aligned", "reporters", "unknown-sources");
    assertThat(a.gate("unknown-sources").blockers())
        .singleElement()
        .asString()
        .startsWith("203.0.113.60: 0.1");
    assertThat(a.gate("unknown-sources").title())
        .isEqualTo("no unknown source above 0.05 % of volume");
    assertThat(a.gate("reporters").blockers())
        .containsExactly("only 4 reporter(s): wait for reports from more receivers");
  }

  @Test
  void advise_windowOnlyLooksAtTheLastDays() {
    // a window that ends before any report: no data
    Advice a = ADVISOR.advise("example.com", analyse(Policy.NONE, true), DAY, null);
    assertThat(a.gate("data").passed()).isFalse();
    assertThat(a.ready()).isFalse();
    assertThat(a.blockedBy()).contains("no reports for example.com in the last 14 days");
  }

  @Test
  void advise_domainThatSendsNoMailGoesToRejectAtOnce() {
    PolicyPublished policy = ReportSets.policy("parked.example", Policy.NONE);
    var reports =
        List.of(
            ReportSets.daily(
                "google.com",
                3,
                policy,
                ReportSets.row("203.0.113.50", 40, "parked.example")
                    .spf("parked.example", SpfResultType.FAIL)
                    .build()));
    AnalysisResult r = Scenario.analyzer(OwnerMarks.none()).analyze(reports);
    Advice a =
        ADVISOR.advise("parked.example", r, NOW, "v=DMARC1; p=none; rua=mailto:r@parked.example");
    assertThat(a.sendsNoMail()).isTrue();
    assertThat(a.ready()).isTrue();
    assertThat(a.nextStage()).isEqualTo(Stage.REJECT);
    assertThat(a.nextRecord()).isEqualTo("v=DMARC1; p=reject; rua=mailto:r@parked.example");
  }

  @Test
  void advise_atRejectTightensSpThenIsDone() {
    AnalysisResult r = analyse(Policy.REJECT, true);
    Advice sp = ADVISOR.advise("example.com", r, NOW, "v=DMARC1; p=reject; sp=none");
    assertThat(sp.stage()).isEqualTo(Stage.REJECT);
    assertThat(sp.nextRecord()).isEqualTo("v=DMARC1; p=reject");
    Advice done = ADVISOR.advise("example.com", r, NOW, "v=DMARC1; p=reject");
    assertThat(done.nextStage()).isNull();
    assertThat(done.nextRecord()).isNull();
    assertThat(done.ready()).isFalse();
    assertThat(done.summary()).contains("nothing left to tighten");
  }

  @Test
  void advise_fromAWindowFedRowByRow_equalsAdviceFromKeptRows() {
    for (Instant now : java.util.List.of(NOW, DAY, DAY.plus(Duration.ofDays(3)))) {
      AnalysisResult kept = analyse(Policy.NONE, false);
      DeploymentAdvisor.Window w = ADVISOR.window("example.com", now);
      AnalysisResult streamed =
          Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(Policy.NONE, false), w);
      assertThat(ADVISOR.advise(w, streamed, "v=DMARC1; p=none; rua=mailto:d@example.com"))
          .isEqualTo(
              ADVISOR.advise(
                  "example.com", kept, now, "v=DMARC1; p=none; rua=mailto:d@example.com"));
    }
  }
}
