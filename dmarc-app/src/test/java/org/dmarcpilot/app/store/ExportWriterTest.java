// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportWriterTest {
  private static String field(String s) {
    StringBuilder line = new StringBuilder();
    ExportWriter.csvField(line, s, false);
    return line.toString();
  }

  @Test
  void csv_quotesWhereNeeded() {
    assertThat(field("plain")).isEqualTo("plain");
    assertThat(field("a,b")).isEqualTo("\"a,b\"");
    assertThat(field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(field("cr\rinside")).isEqualTo("\"cr\rinside\"");
    assertThat(field("\u00fcml\u00e4ut \\ ok")).isEqualTo("\u00fcml\u00e4ut \\ ok");
    assertThat(field("")).isEmpty();
  }

  @Test
  void csv_defusesSpreadsheetFormulas() {
    assertThat(field("=cmd()")).isEqualTo("\"'=cmd()\"");
    assertThat(field("+1")).isEqualTo("\"'+1\"");
    assertThat(field("@x")).isEqualTo("\"'@x\"");
    assertThat(field("-x,y")).isEqualTo("\"'-x,y\"");
    assertThat(field("\tx")).as("a leading tab").isEqualTo("\"'\tx\"");
    assertThat(field("\rx")).as("a leading carriage return").isEqualTo("\"'\rx\"");
    assertThat(field("-5")).as("a negative number is a number").isEqualTo("-5");
  }

  @Test
  void csv_nullIsAnEmptyField_resultsFoldedIntoText() throws Exception {
    ExportRow row =
        new ExportRow(
            7,
            "=org",
            "r,1",
            "example.com",
            Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-02T00:00:00Z"),
            null,
            "192.0.2.1",
            3,
            "none",
            "pass",
            null,
            "example.com",
            null,
            null,
            List.of(
                new ExportRow.Dkim("example.com", "s1", "pass", "ok"),
                new ExportRow.Dkim("esp.example", null, "fail", null)),
            List.of(new ExportRow.Spf("example.com", "mfrom", "pass", null)),
            List.of(new ExportRow.Reason("forwarded", "via \"list\"")));
    StringWriter out = new StringWriter();
    try (ExportWriter w = ExportWriter.of(ExportWriter.Format.CSV, out)) {
      w.accept(row);
    }
    assertThat(out.toString())
        .isEqualTo(
            String.join(",", ExportWriter.COLUMNS)
                + "\r\n"
                + "7,\"'=org\",\"r,1\",example.com,2024-05-01T00:00:00Z,2024-05-02T00:00:00Z,,"
                + "192.0.2.1,3,none,pass,,example.com,,,example.com/s1=pass esp.example/=fail,"
                + "mfrom:example.com=pass,\"forwarded(via \"\"list\"\")\"\r\n");
  }
}
