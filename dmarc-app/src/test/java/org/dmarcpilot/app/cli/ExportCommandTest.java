// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.TestReports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  @Test
  void export_domain_spelledAsAPersonTypesIt_findsTheStoredReports_nonsenseRefused()
      throws Exception {
    Path out = dir.resolve("domain.json");
    // reports are stored under the lower-case name without the trailing dot
    Run run =
        run(
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "json",
            "--domain",
            "Example.ORG.",
            "-o",
            out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(out.toFile())).hasSize(2);

    for (String bad : List.of("", "exa mple.org", "../etc")) {
      Run refused = run("export", "--data-dir", dir.toString(), "--domain", bad);
      assertThat(refused.code()).as(bad).isEqualTo(2);
      assertThat(refused.err()).contains("--domain '" + bad + "' is not a domain name");
    }
  }

  @Test
  void export_toAFolder_refusedNamingIt() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("exports"));
    Run run = run("export", "--data-dir", dir.toString(), "-o", folder.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(folder.toAbsolutePath() + " is a folder");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void export_toASymbolicLink_writesTheLinkedFileAndKeepsTheLink() throws Exception {
    Path file = Files.writeString(dir.resolve("real.csv"), "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), file);
    Run run = run("export", "--data-dir", dir.toString(), "-o", link.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(file)).startsWith("report_pk,org_name");
  }

  /**
   * A named pipe (or a device such as {@code /dev/stdout}) is written through, not replaced: the
   * export used to write a temporary file and rename it over the pipe, and as root {@code -o
   * /dev/null} replaced the device with a regular file.
   */
  @Test
  @Timeout(60)
  void export_toANamedPipe_writtenThroughThePipe_whichStays() throws Exception {
    Path fifo = dir.resolve("pipe");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");
    FutureTask<String> reader = new FutureTask<>(() -> Files.readString(fifo));
    Thread t = new Thread(reader, "fifo-reader");
    t.setDaemon(true); // left blocked when the pipe is replaced
    t.start();

    Run run = run("export", "--data-dir", dir.toString(), "-o", fifo.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS))
        .matches(BasicFileAttributes::isOther, "still a named pipe");
    assertThat(reader.get(20, TimeUnit.SECONDS)).startsWith("report_pk,org_name").contains("\r\n");
  }

  @Test
  void export_standardOutputFails_exitsNonZeroNamingIt() {
    PrintStream stdout = System.out;
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    System.setOut(new PrintStream(full, false, StandardCharsets.UTF_8));
    Run run;
    try {
      run = run("export", "--data-dir", dir.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("cannot write to standard output").doesNotContain("exported");
  }

  @Test
  void export_dayThatIsNoDay_refusedNamingItWithoutJavaNames() {
    for (String bad : List.of("2024-13-01", "2024-02-30", "yesterday", "")) {
      Run run = run("export", "--data-dir", dir.toString(), "--since", bad);
      assertThat(run.code()).as(bad).isEqualTo(2);
      assertThat(run.err())
          .as(bad)
          .contains("--since")
          .contains("'" + bad + "' is not a day (YYYY-MM-DD)")
          .doesNotContain("java.");
    }
  }

  private static boolean mkfifo(Path p) throws Exception {
    try {
      Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
      return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
