// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.policy.Policy;
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
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sources} and {@code advise} over a DuckDB store filled with a known report set. */
class AnalysisCommandsTest {
  @TempDir Path dir;

  private static ReportRecord row(String ip, long n, String dkim, String spf, boolean pass) {
    DkimResultType r = pass ? DkimResultType.PASS : DkimResultType.FAIL;
    return new ReportRecord(
        InetAddresses.forString(ip),
        n,
        new PolicyEvaluated(DispositionType.NONE, null, null, List.of()),
        new Identifiers("example.com", spf.isEmpty() ? null : spf, null),
        dkim.isEmpty() ? List.of() : List.of(new DkimAuthResult(dkim, "s1", r, null)),
        spf.isEmpty()
            ? List.of()
            : List.of(
                new SpfAuthResult(
                    spf,
                    SpfDomainScope.MFROM,
                    pass ? SpfResultType.PASS : SpfResultType.FAIL,
                    null)),
        List.of());
  }

  private void fill(boolean sendgridFixed) {
    PolicyPublished p =
        new PolicyPublished(
            "example.com", Policy.QUARANTINE, null, null, null, null, null, null, null, null);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<AggregateReport> reports = new ArrayList<>();
    for (int d = 1; d <= 10; d++) {
      Instant begin = today.minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (String reporter : List.of("google.com", "Outlook.com", "Yahoo")) {
        List<ReportRecord> rows = new ArrayList<>();
        rows.add(row("192.0.2.1", 500, "example.com", "example.com", true));
        if (reporter.equals("google.com")) {
          rows.add(
              sendgridFixed
                  ? row("198.51.100.7", 5, "example.com", "em1.example.com", true)
                  : row("198.51.100.7", 5, "sendgrid.info", "sendgrid.net", true));
          rows.add(row("203.0.113.50", 2, "", "example.com", false));
        }
        reports.add(
            new AggregateReport(
                "1.0",
                ReportSchema.NONE,
                new ReportMetadata(
                    reporter,
                    null,
                    null,
                    reporter + d,
                    begin,
                    begin.plus(Duration.ofSeconds(86_399)),
                    List.of(),
                    null),
                p,
                rows,
                List.of(),
                List.of()));
      }
    }
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      store.storeAll(reports.stream().map(TestReports::incoming).toList());
    }
  }

  private String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", dir.toString(), "--offline"));
    int code = cl.execute(all.toArray(String[]::new));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void sources_tableJsonClassFilterAndMarks() throws Exception {
    fill(false);
    String[] table = run("sources", "example.com");
    assertThat(table[0]).as(table[2]).isEqualTo("0");
    assertThat(table[1])
        .contains("Sources of example.com")
        .contains("aligned                 15000")
        .contains("yours-not-aligned          50")
        .contains("SendGrid")
        .contains("spoofing                   20")
        .contains("fix DKIM:");

    String[] spoof = run("sources", "example.com", "--class", "spoofing", "--json");
    JsonNode doc = new ObjectMapper().readTree(spoof[1]);
    assertThat(doc.path("sources")).hasSize(1);
    assertThat(doc.path("sources").get(0).path("source").asText()).isEqualTo("ip:203.0.113.50");

    String[] marked =
        run("sources", "example.com", "--mark", "ip:203.0.113.50=mine", "--class", "spoofing");
    assertThat(marked[2]).contains("marked ip:203.0.113.50 of example.com: mine");
    assertThat(marked[1]).contains("0 sources");
    String[] later = run("sources", "example.com", "--class", "yours-not-aligned", "--json");
    JsonNode mine = new ObjectMapper().readTree(later[1]).path("sources");
    assertThat(mine).hasSize(2);

    assertThat(run("sources", "example.com", "--class", "bogus")[0]).isEqualTo("64");
    assertThat(run("sources", "example.com", "--since", "yesterday")[0]).isEqualTo("64");
  }

  @Test
  void advise_blockedThenReady() throws Exception {
    fill(false);
    String[] blocked = run("advise", "example.com");
    assertThat(blocked[0]).as(blocked[2]).isEqualTo("1");
    assertThat(blocked[1])
        .contains("example.com: quarantine (p=quarantine)")
        .contains("services-aligned   FAIL")
        .contains("v=DMARC1; p=reject")
        .contains("SendGrid: 50 messages not aligned");
    JsonNode json = new ObjectMapper().readTree(run("advise", "example.com", "--json")[1]);
    assertThat(json.path("ready").asBoolean()).isFalse();
    assertThat(json.path("next_stage").asText()).isEqualTo("reject");
  }

  @Test
  void advise_readyWhenEveryServiceIsAligned() {
    fill(true);
    String[] ready = run("advise", "example.com", "--since", "30d");
    assertThat(ready[0]).as(ready[1] + ready[2]).isEqualTo("0");
    assertThat(ready[1]).contains("Next step: reject (ready)").contains("v=DMARC1; p=reject");
  }
}
