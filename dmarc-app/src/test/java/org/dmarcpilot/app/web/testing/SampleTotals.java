// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.RecordTotals;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportTotals;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.ReportRecord;

/**
 * {@link SampleData}'s totals, summed in memory over all of its rows, as the database sums them.
 */
final class SampleTotals {
  private SampleTotals() {}

  static RecordTotals of(List<RecordRow> rows) {
    long messages = 0;
    long pass = 0;
    Map<String, Long> domains = new HashMap<>();
    Map<String, Long> reporters = new HashMap<>();
    TreeSet<LocalDate> days = new TreeSet<>();
    for (RecordRow r : rows) {
      messages += r.count();
      pass += "pass".equals(r.dkim()) || "pass".equals(r.spf()) ? r.count() : 0;
      domains.merge(r.domain(), r.count(), Long::sum);
      reporters.merge(r.orgName(), r.count(), Long::sum);
      days.add(LocalDate.ofInstant(r.begin(), ZoneOffset.UTC));
    }
    return new RecordTotals(
        rows.size(),
        messages,
        pass,
        named(domains),
        domains.size(),
        named(reporters),
        reporters.size(),
        List.copyOf(days));
  }

  private static List<RecordTotals.Named> named(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> new RecordTotals.Named(e.getKey(), e.getValue()))
        .sorted(
            Comparator.comparingLong(RecordTotals.Named::messages)
                .reversed()
                .thenComparing(RecordTotals.Named::name))
        .limit(RecordTotals.MAX_NAMES)
        .toList();
  }

  static ReportDetail detail(StoredReport s, PageRequest page) {
    AggregateReport r = s.report();
    long dkim = 0;
    long spf = 0;
    for (ReportRecord rec : r.records()) {
      dkim += rec.policyEvaluated().dkim() == DmarcResultType.PASS ? rec.count() : 0;
      spf += rec.policyEvaluated().spf() == DmarcResultType.PASS ? rec.count() : 0;
    }
    int from = (int) Math.min(r.records().size(), page.offset());
    int to = Math.min(r.records().size(), from + page.size());
    List<ReportRecord> slice = r.records().subList(from, to);
    AggregateReport cut =
        new AggregateReport(
            r.version(),
            r.schema(),
            r.metadata(),
            r.policyPublished(),
            slice,
            r.extensions(),
            r.issues());
    ReportTotals totals =
        new ReportTotals(r.records().size(), r.messageCount(), s.summary().dmarcPass(), dkim, spf);
    return new ReportDetail(
        new StoredReport(s.summary(), cut, s.origin()),
        totals,
        new Page<>(slice, r.records().size(), page));
  }
}
