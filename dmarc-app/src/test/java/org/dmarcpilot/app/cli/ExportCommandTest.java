// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  /** What a run of the command line left: its exit code and what it wrote to standard error. */
  private record Run(int code, String err) {}

  /** Runs the command line with {@code args}, standard error captured. */
  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    return new Run(code, err.toString());
  }

  @BeforeEach
  void fill() {
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      store.storeAll(
          List.of(
              TestReports.incoming(TestReports.simple("g.example", "1", "example.org", 0, 2)),
              TestReports.incoming(TestReports.full())));
    }
  }

  @Test
  void export_csv_headerAndOneLinePerRecord_quotedWhereNeeded() throws Exception {
    Path out = dir.resolve("out.csv");
    Run run = run("export", "--data-dir", dir.toString(), "--format", "csv", "-o", out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    // records end with CRLF; the bare LF in an override's comment stays inside its quoted field
    List<String> lines = List.of(Files.readString(out, StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines).hasSize(1 + 4);
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).endsWith(",\"mailing_list(list\tmail\nok) local_policy\""));
    assertThat(lines.get(0)).startsWith("report_pk,org_name,report_id,policy_domain,date_begin");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(
                        ",Example Receiver,  id-42 ,example.com,2024-06-02T00:00:00Z,"
                            + "2024-06-03T00:00:00Z,reject,2001:db8::1,42,quarantine,fail,,"));
  }

  @Test
  void export_jsonForOneDomainSince_filtersAndParses() throws Exception {
    Path out = dir.resolve("out.json");
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "json",
            "--domain",
            "example.org",
            "--since",
            "2024-05-01",
            "-o",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(out.toFile());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr).hasSize(2);
    assertThat(arr.get(0).get("org_name").asText()).isEqualTo("g.example");
    assertThat(arr.get(0).get("message_count").asLong()).isEqualTo(1);
    JsonNode spf = arr.get(1).get("spf");
    assertThat(spf.isArray()).isTrue();
    assertThat(spf).hasSize(1);
    assertThat(spf.get(0).get("scope").asText()).isEqualTo("mfrom");
    assertThat(spf.get(0).get("domain").asText()).isEqualTo("example.org");
    assertThat(spf.get(0).get("result").asText()).isEqualTo("pass");
    assertThat(arr.get(0).get("envelope_to").isNull()).isTrue();
  }

  @Test
  void export_json_resultsAsArraysOfObjects_withTheReportersText() throws Exception {
    Path out = dir.resolve("full.json");
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "json",
            "--domain",
            "example.com",
            "-o",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(out.toFile());
    JsonNode full = arr.get(0);
    assertThat(full.get("source_ip").asText()).isEqualTo("2001:db8::1");
    assertThat(full.get("dkim").toString())
        .isEqualTo(
            "[{\"domain\":\"example.com\",\"selector\":null,\"result\":\"fail\","
                + "\"human_result\":\"body hash \\\\ bad\"},"
                + "{\"domain\":\"esp.example\",\"selector\":\"sel\",\"result\":\"pass\","
                + "\"human_result\":null}]");
    assertThat(full.get("spf").toString())
        .isEqualTo(
            "[{\"domain\":\"example.com\",\"scope\":null,\"result\":\"softfail\","
                + "\"human_result\":\"hr\"},"
                + "{\"domain\":\"helo.example\",\"scope\":\"helo\",\"result\":\"none\","
                + "\"human_result\":null}]");
    assertThat(full.get("overrides").toString())
        .isEqualTo(
            "[{\"type\":\"mailing_list\",\"comment\":\"list\\tmail\\nok\"},"
                + "{\"type\":\"local_policy\",\"comment\":null}]");
    JsonNode second = arr.get(1);
    assertThat(second.get("dkim").isArray()).isTrue();
    assertThat(second.get("dkim")).isEmpty();
    assertThat(second.get("overrides")).isEmpty();
  }

  @Test
  void export_unreachableDatabase_exitsNonZeroWithMessage() {
    Run run =
        run("export", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--data-dir", dir.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("cannot connect to the PostgreSQL database");
  }

  @Test
  void export_failingHalfway_leavesTheOldFileAndNoPartialDocument() throws Exception {
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      store.write(
          c -> {
            try (var st = c.createStatement()) {
              st.execute("DROP TABLE aggregate_record_spf"); // the export fails after it began
            }
            return null;
          });
    }
    Path out = dir.resolve("out.json");
    Files.writeString(out, "the previous export\n");
    Run run = run("export", "--data-dir", dir.toString(), "--format", "json", "-o", out.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("aggregate_record_spf")
        .contains(out.toAbsolutePath() + " was not written");
    assertThat(Files.readString(out)).isEqualTo("the previous export\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    // on standard output the JSON array is left open: no reader takes it for a whole export
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(run("export", "--data-dir", dir.toString(), "--format", "json").code())
          .isEqualTo(2);
    } finally {
      System.setOut(stdout);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("]");
  }

  @Test
  void export_untilBeforeSince_refused() {
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--since",
            "2024-06-02",
            "--until",
            "2024-06-01");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--until is before --since");
  }

  @Test
  void export_untilADay_onlyReportsBeginningByThen() throws Exception {
    Path out = dir.resolve("until.json");
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "json",
            "--until",
            "2024-06-01",
            "-o",
            out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(out.toFile());
    assertThat(arr).hasSize(2);
    arr.forEach(r -> assertThat(r.get("report_id").asText()).isEqualTo("1"));
  }

  @Test
  void export_sourceIp_onlyThatSendersRecords_writtenAsStored() throws Exception {
    Path out = dir.resolve("ip.json");
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "json",
            "--source-ip",
            "2001:DB8:0:0::1",
            "-o",
            out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(out.toFile());
    assertThat(arr).hasSize(1);
    assertThat(arr.get(0).get("source_ip").asText()).isEqualTo("2001:db8::1");

    Run bad = run("export", "--data-dir", dir.toString(), "--source-ip", "999.1.2.3");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--source-ip '999.1.2.3' is not an IP address");
  }
}
