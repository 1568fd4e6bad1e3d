// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.junit.jupiter.api.Test;

class DaySpreadTest {
  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void spread_threeWholeDaysLargestRemainder() {
    Map<LocalDate, Long> m =
        DaySpread.spread(t("2026-03-01T00:00:00Z"), t("2026-03-04T00:00:00Z"), 10);
    assertThat(m)
        .containsExactly(
            Map.entry(LocalDate.parse("2026-03-01"), 4L),
            Map.entry(LocalDate.parse("2026-03-02"), 3L),
            Map.entry(LocalDate.parse("2026-03-03"), 3L));
  }

  @Test
  void spread_partialDaysInProportionWithExactSum() {
    // 18:00 day 1 to 06:00 day 3: 6 h, 24 h, 6 h
    Map<LocalDate, Long> m =
        DaySpread.spread(t("2026-03-01T18:00:00Z"), t("2026-03-03T06:00:00Z"), 1001);
    assertThat(m.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1001);
    assertThat(m)
        .containsEntry(LocalDate.parse("2026-03-01"), 167L)
        .containsEntry(LocalDate.parse("2026-03-02"), 667L)
        .containsEntry(LocalDate.parse("2026-03-03"), 167L);
  }

  @Test
  void spread_zeroLengthAndOneDay() {
    assertThat(DaySpread.spread(t("2026-03-01T10:00:00Z"), t("2026-03-01T10:00:00Z"), 5))
        .containsExactly(Map.entry(LocalDate.parse("2026-03-01"), 5L));
    assertThat(DaySpread.spread(t("2026-03-01T00:00:00Z"), t("2026-03-01T23:59:59Z"), 5))
        .containsExactly(Map.entry(LocalDate.parse("2026-03-01"), 5L));
  }

  @Test
  void spread_hugeCountsAndLongPeriodsStayExactAndBounded() {
    Map<LocalDate, Long> m =
        DaySpread.spread(t("2000-01-01T00:00:00Z"), t("2030-01-01T00:00:00Z"), Long.MAX_VALUE);
    assertThat(m).hasSize(DaySpread.MAX_DAYS);
    long sum = 0;
    for (long v : m.values()) {
      sum = Math.addExact(sum, v);
    }
    assertThat(sum).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void summaries_multiDayReportIsSpreadAndOtherTotalsAddUp() {
    var policy = ReportSets.policy("example.com", Policy.NONE);
    var multiDay =
        ReportSets.report(
            "Trustwave",
            t("2026-03-01T00:00:00Z"),
            t("2026-03-04T00:00:00Z"),
            policy,
            ReportSets.row("192.0.2.1", 10, "example.com")
                .dkim("example.com", "google", DkimResultType.PASS)
                .build(),
            ReportSets.row("203.0.113.50", 5, "news.example.com").build());
    var daily =
        ReportSets.daily(
            "google.com",
            1,
            policy,
            ReportSets.row("192.0.2.1", 7, "example.com")
                .dkim("example.com", "google", DkimResultType.PASS)
                .build());
    var rows = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(multiDay, daily)).rows();
    Instant from = t("2026-03-01T00:00:00Z");
    Instant to = t("2026-03-10T00:00:00Z");
    List<Totals> days = Summaries.byDay(rows, "example.com", from, to);
    assertThat(days)
        .extracting(Totals::key)
        .containsExactly("2026-03-01", "2026-03-02", "2026-03-03");
    // 10 -> 4/3/3 and 5 -> 2/2/1, plus 7 on the 2nd
    assertThat(days).extracting(Totals::messages).containsExactly(6L, 12L, 4L);
    assertThat(days).extracting(Totals::dmarcPass).containsExactly(4L, 10L, 3L);
    assertThat(days.get(0).byClass()).containsEntry(SourceClass.SPOOFING, 2L);

    List<Totals> reporters = Summaries.byReporter(rows, "example.com", from, to);
    assertThat(reporters)
        .extracting(Totals::key, Totals::messages)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Trustwave", 15L),
            org.assertj.core.groups.Tuple.tuple("google.com", 7L));
    List<Totals> domains = Summaries.byFromDomain(rows, "example.com", from, to);
    assertThat(domains)
        .extracting(Totals::key, Totals::messages, Totals::passShare)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("example.com", 17L, 1.0),
            org.assertj.core.groups.Tuple.tuple("news.example.com", 5L, 0.0));
  }
}
