// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.junit.jupiter.api.Test;

/**
 * The selectors a domain signs with, from rows the store wrote; run on each engine by a subclass.
 */
abstract class SqlDkimSelectorsContract {
  private static final LocalDate LAST = LocalDate.parse("2026-03-15");

  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  @Test
  void apply_demoData_theSelectorsOfTheDomainsOwnSignaturesMostUsedFirst() throws Exception {
    List<AggregateReport> reports = DemoData.generate(LAST, 40, 7);
    Instant now = LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant since = now.minus(SqlDkimSelectors.WINDOW);
    try (TestStore db = open("dkim_selectors")) {
      db.store(reports);
      SqlDkimSelectors selectors =
          new SqlDkimSelectors(db.reader(), Clock.fixed(now, ZoneOffset.UTC));
      Set<String> domains = new TreeSet<>();
      reports.forEach(r -> domains.add(r.policyPublished().domain()));
      int withSelectors = 0;
      for (String domain : domains) {
        Map<String, Long> counts = new HashMap<>();
        for (AggregateReport r : reports) {
          if (!r.policyPublished().domain().equals(domain)
              || r.metadata().begin().isBefore(since)) {
            continue;
          }
          for (ReportRecord x : r.records()) {
            for (DkimAuthResult d : x.dkim()) {
              if (d.domain().equalsIgnoreCase(domain) && d.selector() != null) {
                counts.merge(d.selector(), 1L, Long::sum);
              }
            }
          }
        }
        List<String> expected =
            counts.entrySet().stream()
                .sorted(
                    Map.Entry.<String, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .limit(SqlDkimSelectors.MAX)
                .toList();
        assertThat(selectors.apply(domain)).as(domain).isEqualTo(expected);
        withSelectors += expected.isEmpty() ? 0 : 1;
      }
      assertThat(withSelectors).as("domains whose reports show selectors").isPositive();
      assertThat(selectors.apply("nothing.example")).isEmpty();
    }
  }

  @Test
  void apply_spellingsOfASelectorCountTogether_tiesInNameOrder() throws Exception {
    // DNS labels are case-insensitive: "S1" is "s1". Equal counts are ordered by name, byte by
    // byte, on every engine: PostgreSQL's collation (here ICU en-US) must not decide it.
    AggregateReport r =
        signedWith(
            "ties", "google", "google", "s1", "S1", "s1", "k_1", "k-1", "k.1", "k1", "B2", "a3");
    Instant now = r.metadata().begin().plus(Duration.ofDays(1));
    try (TestStore db = open("dkim_selector_ties")) {
      db.store(List.of(r));
      SqlDkimSelectors selectors =
          new SqlDkimSelectors(db.reader(), Clock.fixed(now, ZoneOffset.UTC));
      assertThat(selectors.apply(DOMAIN))
          .containsExactly("s1", "google", "a3", "b2", "k-1", "k.1", "k1", "k_1");
    }
  }

  private static final String DOMAIN = "sel.example";

  /** A report for {@link #DOMAIN} with one record per selector, each signed with it. */
  private static AggregateReport signedWith(String id, String... selectors) {
    AggregateReport base = TestReports.simple("google.com", id, DOMAIN, 0, selectors.length);
    List<ReportRecord> records = new ArrayList<>();
    for (int i = 0; i < selectors.length; i++) {
      ReportRecord x = base.records().get(i);
      records.add(
          new ReportRecord(
              x.sourceIp(),
              x.count(),
              x.policyEvaluated(),
              x.identifiers(),
              List.of(new DkimAuthResult(DOMAIN, selectors[i], DkimResultType.PASS, null)),
              x.spf(),
              x.extensions()));
    }
    return new AggregateReport(
        base.version(),
        base.schema(),
        base.metadata(),
        base.policyPublished(),
        records,
        base.extensions(),
        base.issues());
  }
}
