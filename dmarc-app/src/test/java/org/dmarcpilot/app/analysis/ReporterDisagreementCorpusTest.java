// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.AggregateReportReader;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The real Zoho report from parsedmarc's history ({@code ../shared/corpus/parsedmarc-samples/
 * historical/aggregate/zoho.com!example.com!1581753600!1581840000.xml}): its {@code
 * policy_evaluated} says {@code dkim=fail} next to an aligned DKIM pass in its own auth results.
 * The analysis keeps the recomputed verdict and flags the reporter.
 */
class ReporterDisagreementCorpusTest {
  @Test
  void zohoReport_recomputedPassAndReporterFlagged() throws Exception {
    Path file =
        Corpus.require(
            "parsedmarc-samples/historical/aggregate/zoho.com!example.com!1581753600!1581840000.xml");
    AggregateReport report;
    try (InputStream in = Files.newInputStream(file)) {
      report = new AggregateReportReader(ReportLimits.DEFAULTS).read(in, file.toString());
    }
    AnalysisResult r = Scenario.analyzer(OwnerMarks.none()).analyze(List.of(report));
    assertThat(r.rows()).isNotEmpty().allSatisfy(row -> assertThat(row.dmarcPass()).isTrue());
    assertThat(r.reporterFlags())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reporter()).isEqualTo("zoho.com");
              assertThat(f.domain()).isEqualTo("example.com");
              assertThat(f.rows()).isEqualTo(report.records().size());
              assertThat(f.examples())
                  .contains("reporter says dkim=fail, recomputed pass (d=example.com)");
            });
  }
}
