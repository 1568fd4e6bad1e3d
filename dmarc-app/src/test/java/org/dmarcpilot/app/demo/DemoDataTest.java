// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private static final LocalDate LAST = LocalDate.parse("2026-03-15");
  private final List<AggregateReport> reports = DemoData.generate(LAST, 60, 42);

  @Test
  void generate_sameSeed_sameReports() {
    assertThat(DemoData.generate(LAST, 60, 42)).isEqualTo(reports);
    assertThat(DemoData.generate(LAST, 60, 43)).isNotEqualTo(reports);
  }

  @Test
  void generate_sixtyDaysOfFourDomainsFromFiveReporters_uniqueKeys() {
    Set<String> keys = new HashSet<>();
    Set<LocalDate> days = new HashSet<>();
    Set<String> domains = new HashSet<>();
    Set<String> reporters = new HashSet<>();
    for (AggregateReport r : reports) {
      assertThat(keys.add(r.metadata().orgName() + "|" + r.metadata().reportId()))
          .as("dedup key unique")
          .isTrue();
      days.add(LocalDate.ofInstant(r.metadata().begin(), java.time.ZoneOffset.UTC));
      domains.add(r.policyPublished().domain());
      reporters.add(r.metadata().orgName());
    }
    assertThat(days).hasSize(60).contains(LAST, LAST.minusDays(59));
    assertThat(domains)
        .containsExactlyInAnyOrder("example.com", "example.org", "example.net", "example.info");
    assertThat(reporters).hasSize(5);
  }

  @Test
  void generate_hasTheStoriesTheDemoTells() {
    Map<String, long[]> byDomain = new HashMap<>(); // messages, pass
    boolean forwarded = false;
    boolean subdomain = false;
    boolean rejected = false;
    boolean testMode = false;
    for (AggregateReport r : reports) {
      long[] s = byDomain.computeIfAbsent(r.policyPublished().domain(), k -> new long[2]);
      for (ReportRecord rec : r.records()) {
        s[0] += rec.count();
        s[1] += rec.policyEvaluated().dmarcPass() ? rec.count() : 0;
        forwarded |= rec.policyEvaluated().overrideOf(PolicyOverrideType.FORWARDED).isPresent();
        testMode |=
            rec.policyEvaluated().overrideOf(PolicyOverrideType.POLICY_TEST_MODE).isPresent();
        subdomain |= rec.identifiers().headerFrom().equals("news.example.com");
        rejected |= rec.policyEvaluated().disposition() == DispositionType.REJECT;
      }
    }
    assertThat(forwarded).isTrue();
    assertThat(subdomain).isTrue();
    assertThat(rejected).isTrue();
    assertThat(testMode).isTrue();
    double comPass = 100.0 * byDomain.get("example.com")[1] / byDomain.get("example.com")[0];
    double netPass = 100.0 * byDomain.get("example.net")[1] / byDomain.get("example.net")[0];
    assertThat(comPass).as("example.com: SendGrid unaligned").isBetween(80.0, 95.0);
    assertThat(netPass).as("example.net: aligned").isGreaterThan(95.0);
    assertThat(byDomain.get("example.info")[1]).as("parked: nothing passes").isZero();
  }
}
