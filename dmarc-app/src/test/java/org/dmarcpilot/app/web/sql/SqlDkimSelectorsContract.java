// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.web.testing.TestStore;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.junit.jupiter.api.Test;

/** The selectors a domain signs with, from rows the store wrote; run on each engine by a subclass. */
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
}
