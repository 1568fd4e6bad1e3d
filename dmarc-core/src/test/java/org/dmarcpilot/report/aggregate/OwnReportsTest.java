// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.resource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One runner per folder of our own reports ({@code src/test/resources/reports/aggregate}): {@code
 * valid} reads without issues, {@code deviant} reads with exactly the issues listed here, {@code
 * invalid} is rejected with the message listed here. Each folder must be covered by its table, so
 * adding a file without an expectation fails.
 */
class OwnReportsTest {
  private final AggregateReportReader reader = new AggregateReportReader(ReportLimits.DEFAULTS);

  static Stream<Arguments> deviant() {
    return Stream.of(
        Arguments.of(
            "upper-case-words.xml",
            1,
            4,
            List.of(
                "line 4, column 54: value \"R\" in <adkim> is not in lower case; read as r",
                "line 4, column 69: value \"S\" in <aspf> is not in lower case; read as s",
                "line 4, column 80: value \"Reject\" in <p> is not in lower case; read as reject",
                "line 4, column 94: value \"NONE\" in <sp> is not in lower case; read as none",
                "line 5, column 93: value \"Quarantine\" in <disposition> is not in lower case;"
                    + " read as quarantine",
                "line 5, column 123: value \"Pass\" in <dkim> is not in lower case; read as pass",
                "line 5, column 139: value \"FAIL\" in <spf> is not in lower case; read as fail",
                "line 5, column 157: value \"Local_Policy\" in <type> is not in lower case;"
                    + " read as local_policy",
                "line 7, column 80: value \"PASS\" in <result> is not in lower case; read as pass"
                    + " (and 1 more time)",
                "line 7, column 140: value \"MFROM\" in <scope> is not in lower case; read as mfrom")),
        Arguments.of(
            "empty-optional-fields.xml",
            2,
            3,
            List.of(
                "line 4, column 54: empty <adkim> ignored",
                "line 4, column 62: empty <aspf> ignored",
                "line 4, column 84: empty <sp> ignored",
                "line 4, column 89: empty <pct> ignored",
                "line 5, column 143: an empty <reason> was ignored")),
        Arguments.of(
            "out-of-order.xml",
            2,
            11,
            List.of(
                "line 3, column 1: records before <report_metadata> or <policy_published>"
                    + " (out of order)")),
        Arguments.of(
            "unknown-elements.xml",
            1,
            9,
            List.of(
                "line 3, column 183: unknown element <reporter_software> in <report_metadata>"
                    + " skipped",
                "line 4, column 58: unknown element <rua> in <policy_published> skipped",
                "line 5, column 1: unknown element <summary> in <feedback> skipped",
                "line 6, column 162: unknown element <note> in <row> skipped",
                "line 8, column 92: unknown element <key_bits> in <dkim> skipped",
                "line 8, column 124: unknown element <arc> in <auth_results> skipped")),
        Arguments.of("comments-and-instructions.xml", 1, 1, List.of()),
        Arguments.of(
            "mixed-text.xml",
            1,
            2,
            List.of(
                "line 4, column 71: stray text \"11\" in <policy_published> ignored",
                "line 5, column 9: stray text \"stray\" in <record> ignored")),
        Arguments.of(
            "fractional-timestamps.xml",
            1,
            1,
            List.of(
                "line 3, column 124: fractional timestamp \"1337270400.0\" in <begin> read as"
                    + " 1337270400",
                "line 3, column 151: fractional timestamp \"1337356799.999\" in <end> read as"
                    + " 1337356799")),
        Arguments.of(
            "schema-wrapper.xml",
            1,
            3,
            List.of(
                "line 1, column 23: the report is wrapped in <xs:schema>; the wrapper was"
                    + " ignored")),
        Arguments.of(
            "malformed-markup.xml",
            1,
            8,
            List.of(
                "line 3, column 32: the XML is not well-formed (Unexpected character ' ' (code 32);"
                    + " expected a semi-colon after the reference for entity 'T'); it was repaired"
                    + " as noted below and read again",
                "line 3, column 30: an '&' that starts no entity reference was read as text"
                    + " (and 2 more times)",
                "line 3, column 62: a '<' inside <email> was read as text",
                "line 6, column 38: a '<' inside <header_from> was read as text")),
        Arguments.of(
            "bad-counts.xml",
            2,
            9223372036854775003L,
            List.of(
                "line 5, column 1: negative count \"-5\"; the record (source 192.0.2.13) was"
                    + " skipped",
                "line 6, column 1: count \"many\" is not a whole number; the record (source"
                    + " 192.0.2.14) was skipped",
                "line 7, column 1: count \"99999999999999999999\" is larger than"
                    + " 9223372036854775807; the record (source 192.0.2.15) was skipped",
                "line 8, column 1: count \"3.0\" read as a whole number",
                "line 10, column 1: a record without <count>; the record (source 192.0.2.18) was"
                    + " skipped")),
        Arguments.of(
            "bad-ips.xml",
            3,
            9,
            List.of(
                "line 5, column 1: source_ip \"108r.166.27.220\" is not an IP address; the record"
                    + " (16 messages) was skipped",
                "line 6, column 1: source_ip \"192.0.2.256\" is not an IP address; the record (1"
                    + " messages) was skipped",
                "line 7, column 1: source_ip \"mail.example.org\" is not an IP address; the"
                    + " record (1 messages) was skipped",
                "line 8, column 1: source_ip \"0192.0.2.1\" is not an IP address; the record (1"
                    + " messages) was skipped",
                "line 12, column 1: a record without <source_ip> was skipped (and 1 more time)")),
        Arguments.of(
            "identities-misspelt.xml",
            1,
            1,
            List.of(
                "line 6, column 1: <identities> read as <identifiers>",
                "line 7, column 55: value \"mailfrom\" in <scope> read as mfrom",
                "line 7, column 79: value \"hardfail\" in <result> read as fail")),
        Arguments.of(
            "no-records.xml", 0, 0, List.of("line 5, column 1: the report has no records")),
        Arguments.of(
            "missing-optional-and-org.xml",
            1,
            1,
            List.of(
                "line 2, column 1: date_range end 2021-01-01T00:00:00Z is before begin"
                    + " 2021-01-01T23:59:59Z; the two were swapped",
                "line 2, column 1: empty <org_name>; the domain of <email> is used:"
                    + " mail.example.net",
                "line 3, column 1: <policy_published> has no <p>; none is assumed",
                "line 4, column 132: a DKIM result without a domain was dropped",
                "line 4, column 1: a record without <policy_evaluated>: disposition none",
                "line 4, column 1: a record without <identifiers>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void deviant(String file, int records, long messages, List<String> issues) throws Exception {
    AggregateReport r = reader.read(resource("deviant/" + file), file);

    assertThat(r.records()).hasSize(records);
    assertThat(r.messageCount()).isEqualTo(messages);
    assertThat(r.issues()).extracting(ReportIssue::toString).containsExactlyElementsOf(issues);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "html-root.xml",
            "line 2, column 1: not an aggregate report: the root element is <html>, not"
                + " <feedback>"),
        Arguments.of("no-report-id.xml", "line 3, column 1: <report_metadata> has no report_id"),
        Arguments.of("no-policy-domain.xml", "line 4, column 1: <policy_published> has no domain"),
        Arguments.of(
            "no-report-metadata.xml", "line 5, column 1: the report has no <report_metadata>"),
        Arguments.of(
            "bad-date.xml",
            "line 3, column 124: <begin> \"yesterday\" is not a timestamp (seconds since 1970)"),
        Arguments.of(
            "no-org-name.xml",
            "line 3, column 1: <report_metadata> has no org_name, and no email address to take a"
                + " name from"),
        Arguments.of(
            "truncated.xml",
            "line 6, column 61: the document ends before </feedback> (truncated?): Unexpected EOF;"
                + " was expecting a close tag for element <row>"),
        Arguments.of(
            "doctype-xxe.xml",
            "line 2, column 1: a DOCTYPE declaration: reports never have one, and DTDs and"
                + " entities are not processed"),
        Arguments.of(
            "mismatched-tags.xml",
            "line 5, column 126: not well-formed XML: Unexpected close tag </record>; expected"
                + " </identifiers>.; after repairs still: Unexpected close tag </record>; expected"
                + " </identifiers>. at line 5"),
        Arguments.of(
            "count-overflow.xml",
            "line 6, column 1: the record counts add up to more than 9223372036854775807"
                + " messages"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void invalid(String file, String message) {
    assertThatThrownBy(() -> reader.read(resource("invalid/" + file), file))
        .isInstanceOf(ReportParseException.class)
        .hasMessage(file + ": " + message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void valid_readWithoutIssues(String file) throws Exception {
    AggregateReport r = reader.read(resource("valid/" + file), file);

    assertThat(r.issues()).isEmpty();
    assertThat(r.records()).isNotEmpty();
  }

  static Stream<String> validFiles() throws Exception {
    return list("valid").stream();
  }

  @Test
  void everyFileIsInItsTable() throws Exception {
    assertThat(list("deviant"))
        .containsExactlyInAnyOrderElementsOf(deviant().map(a -> (String) a.get()[0]).toList());
    assertThat(list("invalid"))
        .containsExactlyInAnyOrderElementsOf(invalid().map(a -> (String) a.get()[0]).toList());
  }

  private static List<String> list(String folder) throws IOException, URISyntaxException {
    URL url = OwnReportsTest.class.getResource("/reports/aggregate/" + folder);
    assertThat(url).as(folder).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
