// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dmarcpilot ingest} keeps originals by default, and not with --no-originals or config. */
class IngestCommandTest {
  @TempDir Path dir;

  private byte[] ingest(Path data, String... extra) throws Exception {
    byte[] zip = zip("r.xml", utf8(report("CLI-1", 2, 1)));
    Path file = Files.write(dir.resolve("r.zip"), zip);
    List<String> args = new ArrayList<>(List.of("ingest", "--data-dir", data.toString()));
    args.addAll(List.of(extra));
    args.add(file.toString());
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertThat(cli.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
    return zip;
  }

  private static List<byte[]> originals(Path data) {
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(data))) {
      return store.read(
          c -> {
            List<byte[]> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT bytes FROM report_original")) {
              while (rs.next()) {
                out.add(rs.getBytes(1));
              }
            }
            return out;
          });
    }
  }

  @Test
  void ingest_keepsTheOriginalByDefault() throws Exception {
    Path data = dir.resolve("data");
    byte[] zip = ingest(data);

    assertThat(originals(data)).singleElement().isEqualTo(zip);
  }

  @Test
  void ingest_noOriginals_keepsNone() throws Exception {
    Path data = dir.resolve("data");
    ingest(data, "--no-originals");

    assertThat(originals(data)).isEmpty();
  }

  @Test
  void ingest_switchedOffInTheConfiguration_keepsNone() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("config.properties"), "store.keep-originals = false\n");
    ingest(data);

    assertThat(originals(data)).isEmpty();
  }

  @Test
  void ingest_aFolderOfJunk_logsEveryInputAndGroupsTheReasonsByProblem() throws Exception {
    // a mailbox export or a download folder full of things that are not reports: every one is
    // rejected and logged, the summary names each kind of problem once, however many inputs differ
    Path in = Files.createDirectories(dir.resolve("junk"));
    for (int i = 0; i < 2_500; i++) {
      Files.writeString(in.resolve("junk" + i + ".txt"), "junk number " + i + "\n");
    }
    for (int i = 0; i < 40; i++) {
      Files.writeString(
          in.resolve("schema" + i + ".xml"),
          "<?xml version=\"1.0\"?>\n<root" + i + "/>\n"); // a different root element each
    }
    Files.write(in.resolve("r.zip"), zip("r.xml", utf8(report("CLI-J", 2, 1))));
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));

    int code = cli.execute("ingest", "--data-dir", dir.resolve("data").toString(), in.toString());

    String summary = out.toString();
    assertThat(code).as(err + summary).isEqualTo(1); // rejected inputs, nothing broke
    assertThat(summary)
        .contains("reports stored:  1")
        .contains("rejected:        2,540")
        .containsPattern(
            "\\n +2,500  not a report: neither XML, gzip, zip nor an e-mail message\\n")
        .containsPattern(
            "\\n +40  not an aggregate report: the root element is <…>, not <feedback>\\n");
    long groupLines = summary.lines().filter(l -> l.matches(" +[0-9,]+  .*")).count();
    assertThat(groupLines).isEqualTo(2);
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")))) {
      assertThat(store.totals().failures()).isEqualTo(2_540);
      assertThat(store.totals().reports()).isEqualTo(1);
    }
  }

  @Test
  void ingest_progressSecondsBelowOne_refusedWithTheReason() throws Exception {
    Path file = Files.write(dir.resolve("r.zip"), zip("r.xml", utf8(report("CLI-2", 1, 1))));
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));

    int code =
        cli.execute(
            "ingest",
            "--data-dir",
            dir.resolve("data").toString(),
            "--progress-seconds",
            "0",
            file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--progress-seconds must be at least 1, not 0");
  }
}
