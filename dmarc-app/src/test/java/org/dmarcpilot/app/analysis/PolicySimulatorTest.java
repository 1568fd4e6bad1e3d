// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.analysis.ReportSets.DAY;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;

class PolicySimulatorTest {
  private static final AnalysisResult RESULT =
      Scenario.analyzer(OwnerMarks.none()).analyze(Scenario.exampleCom(Policy.NONE, false));
  private static final Instant TO = DAY.plus(Duration.ofDays(14));
  private static final PolicySimulator SIM = new PolicySimulator(d -> true);

  @Test
  void simulate_rejectSplitsLegitimateAtRiskFromAbuseStopped() {
    PolicyImpact i =
        SIM.simulate("example.com", RESULT.rows(), TargetPolicy.of(Policy.REJECT), DAY, TO);
    assertThat(i.messages()).isEqualTo(12_610 + 70 + 28 + 42 + 14);
    assertThat(i.passing()).isEqualTo(12_610);
    assertThat(i.rejected())
        .containsEntry(SourceClass.YOURS_NOT_ALIGNED, 70L)
        .containsEntry(SourceClass.FORWARDED, 28L)
        .containsEntry(SourceClass.SPOOFING, 42L)
        .containsEntry(SourceClass.UNKNOWN, 14L)
        .containsEntry(SourceClass.ALIGNED, 0L);
    assertThat(i.quarantined().values()).containsOnly(0L);
    assertThat(i.legitimateAtRisk()).isEqualTo(98);
    assertThat(i.abuseStopped()).isEqualTo(42);
    assertThat(i.unknownAffected()).isEqualTo(14);
  }

  @Test
  void simulate_testingModeAppliesOneLevelLower() {
    PolicyImpact i =
        SIM.simulate(
            "example.com",
            RESULT.rows(),
            new TargetPolicy(Policy.REJECT, null, null, true, 100),
            DAY,
            TO);
    assertThat(i.rejected().values()).containsOnly(0L);
    assertThat(i.quarantined()).containsEntry(SourceClass.SPOOFING, 42L);
    PolicyImpact q =
        SIM.simulate(
            "example.com",
            RESULT.rows(),
            new TargetPolicy(Policy.QUARANTINE, null, null, true, 100),
            DAY,
            TO);
    assertThat(q.abuseStopped()).isZero();
    assertThat(q.legitimateAtRisk()).isZero();
  }

  @Test
  void simulate_pctSamplesEachRowAndLowersTheRest() {
    PolicyImpact i =
        SIM.simulate(
            "example.com",
            RESULT.rows(),
            new TargetPolicy(Policy.REJECT, null, null, false, 50),
            DAY,
            TO);
    // spoofing rows are 3 messages each day: 2 sampled (1.5 rounded up) x 14, the rest quarantined
    assertThat(i.rejected()).containsEntry(SourceClass.SPOOFING, 28L);
    assertThat(i.quarantined()).containsEntry(SourceClass.SPOOFING, 14L);
    assertThat(i.abuseStopped()).isEqualTo(42);
  }

  @Test
  void simulate_subdomainsGetSpAndNonExistentOnesNp() {
    var policy = ReportSets.policy("example.com", Policy.NONE);
    var report =
        ReportSets.daily(
            "google.com",
            0,
            policy,
            ReportSets.row("203.0.113.50", 7, "shop.example.com")
                .spf("shop.example.com", SpfResultType.FAIL)
                .build(),
            ReportSets.row("203.0.113.51", 5, "nope.example.com")
                .spf("nope.example.com", SpfResultType.FAIL)
                .build(),
            ReportSets.row("203.0.113.52", 3, "example.com")
                .spf("example.com", SpfResultType.FAIL)
                .build());
    var rows = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(report)).rows();
    var sim = new PolicySimulator(d -> !d.equals("nope.example.com"));
    PolicyImpact i =
        sim.simulate(
            "example.com",
            rows,
            new TargetPolicy(Policy.NONE, Policy.QUARANTINE, Policy.REJECT, false, 100),
            DAY,
            TO);
    assertThat(i.quarantined()).containsEntry(SourceClass.SPOOFING, 7L);
    assertThat(i.rejected()).containsEntry(SourceClass.SPOOFING, 5L);
    assertThat(i.abuseStopped()).isEqualTo(12);
  }

  @Test
  void simulate_onlyRowsOfTheDomainAndPeriodCount() {
    PolicyImpact none =
        SIM.simulate(
            "example.com",
            RESULT.rows(),
            TargetPolicy.of(Policy.REJECT),
            TO,
            TO.plusSeconds(86_400));
    assertThat(none.messages()).isZero();
    PolicyImpact other =
        SIM.simulate("example.org", RESULT.rows(), TargetPolicy.of(Policy.REJECT), DAY, TO);
    assertThat(other.messages()).isZero();
    PolicyImpact oneDay =
        SIM.simulate(
            "example.com",
            RESULT.rows(),
            TargetPolicy.of(Policy.REJECT),
            DAY,
            DAY.plusSeconds(86_400));
    assertThat(oneDay.abuseStopped()).isEqualTo(3);
  }
}
