// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    int code =
        Main.commandLine()
            .execute(
                "export", "--data-dir", dir.toString(), "--format", "csv", "-o", out.toString());

    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1 + 4);
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
    int code =
        Main.commandLine()
            .execute(
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

    assertThat(code).isZero();
    JsonNode arr = new ObjectMapper().readTree(out.toFile());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr).hasSize(2);
    assertThat(arr.get(0).get("org_name").asText()).isEqualTo("g.example");
    assertThat(arr.get(0).get("message_count").asLong()).isEqualTo(1);
    assertThat(arr.get(1).get("spf").asText()).isEqualTo("mfrom:example.org=pass");
    assertThat(arr.get(0).get("envelope_to").isNull()).isTrue();
  }

  @Test
  void export_unreachableDatabase_exitsNonZeroWithMessage() {
    var err = new java.io.StringWriter();
    var cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err));
    int code =
        cl.execute(
            "export", "--db", "jdbc:postgresql://127.0.0.1:1/none", "--data-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot connect to the PostgreSQL database");
  }
}
