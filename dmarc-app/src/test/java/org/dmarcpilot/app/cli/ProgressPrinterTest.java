// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final StringWriter text = new StringWriter();
  private final ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false);

  @Test
  void closingNotice_closedBeforeItsTime_saysNothing() {
    try (ProgressPrinter.Notice n = printer.closingNotice(Duration.ofHours(1))) {
      assertThat(n).isNotNull();
    }

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void closingNotice_slowClose_saysTheDatabaseFileIsBeingWritten() throws Exception {
    try (ProgressPrinter.Notice n = printer.closingNotice(Duration.ofMillis(10))) {
      for (int i = 0; i < 500 && text.toString().isEmpty(); i++) {
        Thread.sleep(10); // bounded wait for the notice thread, not a timing assertion
      }
    }

    assertThat(text.toString())
        .isEqualTo(
            "ingest: all inputs stored; writing the database file ..." + System.lineSeparator());
  }

  private static IngestSummary summary(Duration elapsed) {
    return new IngestSummary(10, 1000, 8, 2, 0, Map.of(), 800, 900, elapsed, null);
  }

  @Test
  void print_timeAndRatesIncludeClosingTheStore() {
    IngestCommand.print(
        new PrintWriter(text), summary(Duration.ofSeconds(6)), Duration.ofSeconds(2));

    assertThat(text.toString())
        .contains(
            "time:            8.0 s (1 reports/s, 100 records/s), of which 2.0 s closing the store");
  }

  @Test
  void print_quickClose_notMentioned() {
    IngestCommand.print(
        new PrintWriter(text), summary(Duration.ofSeconds(8)), Duration.ofMillis(5));

    assertThat(text.toString())
        .contains("time:            8.0 s (1 reports/s, 100 records/s)" + System.lineSeparator());
  }

  @Test
  void rejected_namesEachInputWithItsReason_thenOnlyCountsThem() {
    for (int i = 1; i <= ProgressPrinter.REJECTIONS_LISTED + 5; i++) {
      printer.rejected(
          "/in/r" + i + ".xml.gz", "/in/r" + i + ".xml.gz: the compressed data end early");
    }

    String[] lines = text.toString().split(System.lineSeparator());
    assertThat(lines).hasSize(ProgressPrinter.REJECTIONS_LISTED + 1);
    assertThat(lines[0]).isEqualTo("rejected /in/r1.xml.gz: the compressed data end early");
    assertThat(lines[ProgressPrinter.REJECTIONS_LISTED - 1])
        .isEqualTo("rejected /in/r20.xml.gz: the compressed data end early");
    assertThat(lines[ProgressPrinter.REJECTIONS_LISTED])
        .startsWith("rejected: more inputs")
        .contains("failure log");
  }

  @Test
  void rejected_onATerminal_clearsTheBarFirst() {
    ProgressPrinter onTerminal = new ProgressPrinter(new PrintWriter(text), true);
    onTerminal.progress(
        new org.dmarcpilot.app.ingest.IngestProgress(
            10, 3, true, 2, 0, 1, 20, Duration.ofSeconds(1)));
    onTerminal.rejected("letter.txt", "letter.txt: not a report");

    assertThat(text.toString())
        .contains("\rrejected letter.txt: not a report" + System.lineSeparator());
  }

  @Test
  void rejected_controlCharactersInNames_shownEscapedOnOneLine() {
    // a file name or an attachment name from a hostile e-mail held a newline and terminal escapes:
    // they reached the terminal raw, split the line and could recolour or retitle it
    String input = "in/a\nb\u001b[31m.eml";
    printer.rejected(input, input + ": part 2 \"r\u001b]0;pwned\u0007.xml.gz\": not a report");

    assertThat(text.toString())
        .isEqualTo(
            "rejected in/a\\u000ab\\u001b[31m.eml: part 2 \"r\\u001b]0;pwned\\u0007.xml.gz\": not"
                + " a report"
                + System.lineSeparator());
  }

  @Test
  void print_controlCharactersInProblems_shownEscaped() {
    IngestSummary s =
        new IngestSummary(
            1, 10, 0, 0, 1, Map.of("unknown element <\u001b[2J>", 1L), 0, 0, Duration.ZERO, null);

    IngestCommand.print(new PrintWriter(text), s, Duration.ZERO);

    assertThat(text.toString())
        .contains("      1  unknown element <\\u001b[2J>" + System.lineSeparator())
        .doesNotContain("\u001b");
  }
}
