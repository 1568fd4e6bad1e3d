// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance: every file of the aggregate-report corpus folders is read, with its record count and
 * message total asserted here; the files that are not reports are rejected with the message given
 * here. The numbers were taken from the files by reading them and cross-checked with Python
 * (ElementTree and a regex count over the decompressed bytes), never copied from this reader.
 * Without the corpus the test is skipped, and in CI ({@code -Ddmarc.corpus.required=true}) it
 * fails.
 */
class CorpusAcceptanceTest {
  private static final String PS = "parsedmarc-samples/";
  private static final String NOT_A_REPORT =
      "not a report: neither XML, gzip, zip nor an e-mail message; it begins with ";

  /** The folders (and file patterns) issue 2 names. */
  private static final List<String> FOLDERS =
      List.of(
          PS + "aggregate",
          PS + "aggregate_invalid",
          PS + "extract_report",
          PS + "historical/aggregate",
          "dmarc-cat-testdata",
          "mail-dmarc-fixtures",
          "ietf-dmarc-xml",
          "opendmarc-testfiles/aggregate-reports");

  private final ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);

  /** file, org_name, report_id, records, messages. */
  static Stream<Arguments> reports() {
    return Stream.of(
        report(
            PS + "aggregate/!example.com!1538204542!1538463818.xml",
            "accurateplastics.com",
            "example.com:1538463741",
            1,
            1),
        report(
            PS + "aggregate/!large-example.com!1711897200!1711983600.xml",
            "accurateplastics.com",
            "example.com:1711897200",
            2286,
            2286),
        report(
            PS
                + "aggregate/Report domain- borschow.com Submitter- google.com Report-ID-"
                + " 949348866075514174.eml",
            "google.com",
            "949348866075514174",
            1,
            1),
        report(
            PS + "aggregate/addisonfoods.com!example.com!1536105600!1536191999.xml",
            "addisonfoods.com",
            "3ceb5548498640beaeb47327e202b0b9",
            1,
            1),
        report(PS + "aggregate/empty_reason.xml", "example.org", "20240125141224705995", 1, 2),
        report(
            PS
                + "aggregate/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702"
                + "!2940.xml.zip",
            "XYZ Corporation",
            "2940",
            1,
            1),
        report(
            PS + "aggregate/example.net!example.com!1529366400!1529452799.xml",
            "example.net",
            "b043f0e264cf4ea995e93765242f6dfb",
            1,
            1),
        report(
            PS + "aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz",
            "FastMail Pty Ltd",
            "102675056",
            1,
            1),
        report(
            PS + "aggregate/ikea.com!example.de!1538690400!1538776800.xml",
            "ikea.com",
            "aggr_report_2018_10_05_5bc7e9b4f3e8a",
            1,
            1),
        report(
            PS + "aggregate/invalid_utf_8.xml",
            "accurateplastics.com",
            "example.com:1538463741",
            1,
            1),
        report(PS + "aggregate/invalid_xml.xml", "veeam.com", "sonexushealth.com:1530233361", 1, 1),
        report(
            PS + "aggregate/mimecast-weird-gzip.eml",
            "Mimecast",
            "157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e",
            1,
            1),
        report(PS + "aggregate/old_draft_from_wiki.xml", "acme.com", "9391651994964116463", 1, 2),
        report(
            PS + "aggregate/protection.outlook.com!example.com!1711756800!1711843200.xml",
            "Outlook.com",
            "cfeafefe4129445e8c81018bd9177197",
            1,
            1),
        report(
            PS + "aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml",
            "example.net",
            "dmarcbis-test-report-001",
            2,
            7),
        report(
            PS + "aggregate/rfc9990-sample.xml",
            "Sample Reporter",
            "3v98abbp8ya9n3va8yr8oa3ya",
            1,
            123),
        report(PS + "aggregate/twilight.eml", "google.com", "1627703331531660819", 1, 1),
        report(
            PS + "aggregate/usssa.com!example.com!1538784000!1538870399.xml",
            "usssa.com",
            "8953b4d4a4ee4218b6ac0e2cb2667ee1",
            2,
            2),
        report(
            PS + "aggregate/veeam.com!example.com!1530133200!1530219600.xml",
            "veeam.com",
            "sonexushealth.com:1530233361",
            1,
            1),
        report(
            PS + "aggregate_invalid/report_with_upper_cased_pass.xml",
            "example.com",
            "aggr_report_example.com_20191202_1638",
            1,
            1),
        report(
            PS + "extract_report/changed-input.xml", "fred.com", "11038226378739404135", 20, 3047),
        report(
            PS + "extract_report/nice-input.xml", "google.com", "11038226378739404135", 20, 3047),
        report(
            PS + "extract_report/nice-input.xml.gz",
            "google.com",
            "11038226378739404135",
            20,
            3047),
        report(
            PS + "extract_report/nice-input.xml.zip",
            "google.com",
            "11038226378739404135",
            20,
            3047),
        report(
            PS + "historical/aggregate/zoho.com!example.com!1581753600!1581840000.xml",
            "zoho.com",
            "e2cb5d97-dcbb-470f-b2dd-45519a2abbb3",
            8,
            9),
        report(
            "dmarc-cat-testdata/example.com!keltia.net!1538604008!1538690408.xml",
            "esa1.eurocontrol.c3s2.iphmx.com",
            "1a6ffb$9f77bea=6b2f4786a9824806@esa1.eurocontrol.c3s2.iphmx.com",
            1,
            1),
        report(
            "dmarc-cat-testdata/example.com!keltia.net!1538604008!1538690408.xml.gz",
            "esa1.eurocontrol.c3s2.iphmx.com",
            "1a6ffb$9f77bea=6b2f4786a9824806@esa1.eurocontrol.c3s2.iphmx.com",
            1,
            1),
        report(
            "dmarc-cat-testdata/google.com!keltia.net!1538438400!1538524799.xml",
            "google.com",
            "15591417298178277408",
            2,
            2),
        report(
            "dmarc-cat-testdata/google.com!keltia.net!1538438400!1538524799.zip",
            "google.com",
            "15591417298178277408",
            2,
            2),
        report("mail-dmarc-fixtures/test_dmarc.xml", "Test Sender", "1234567890", 1, 1),
        report("mail-dmarc-fixtures/test_dmarc.xml.gz", "Test Sender", "1234567890", 1, 1),
        report("mail-dmarc-fixtures/test_dmarc.xml.zip", "Test Sender", "1234567890", 1, 1),
        report(
            "ietf-dmarc-xml/rfc9990-sample-report.xml",
            "Sample Reporter",
            "3v98abbp8ya9n3va8yr8oa3ya",
            1,
            123),
        report(
            "ietf-dmarc-xml/rfc9990-sample-report-alt.xml",
            "Sample Reporter",
            "3v98abbp8ya9n3va8yr8oa3ya",
            1,
            123),
        report(
            "opendmarc-testfiles/aggregate-reports/163.com!example.com!1337270400!1337356799"
                + ".20120518163.xml",
            "163.com",
            "aggr_report_example.com_20120518_163.com",
            50,
            92),
        report(
            "opendmarc-testfiles/aggregate-reports/good.com!example.com!1337270400!1337356799"
                + ".xml",
            "126.com",
            "aggr_report_example.com_20120518_126.com",
            754,
            183934),
        report(
            "opendmarc-testfiles/aggregate-reports/yeah.net!example.com!1337270400!1337356799"
                + ".20120518.xml",
            "yeah.net",
            "aggr_report_example.com_20120518_yeah.net",
            254,
            21679));
  }

  private static Arguments report(
      String file, String org, String reportId, int records, long messages) {
    return Arguments.of(file, org, reportId, records, messages);
  }

  /** file, the problem the failure names. */
  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of(PS + "empty.xml", "empty input (0 bytes)"),
        Arguments.of("dmarc-cat-testdata/bad.xml", "empty input (0 bytes)"),
        Arguments.of("dmarc-cat-testdata/empty.txt", "empty input (0 bytes)"),
        Arguments.of(
            "dmarc-cat-testdata/bad.zip",
            "no aggregate report found: zip member \"bad.xml\" is empty"),
        Arguments.of("dmarc-cat-testdata/notempty.txt", NOT_A_REPORT + "\"this is a file\\n\""),
        Arguments.of("dmarc-cat-testdata/notempty.txt.gz", NOT_A_REPORT + "\"this is a file\\n\""),
        Arguments.of(
            "dmarc-cat-testdata/notempty.zip",
            "no aggregate report found: zip member \"notempty.txt\" is not XML, gzip, zip or an"
                + " e-mail message (it begins with \"this is a file\\n\")"),
        Arguments.of(
            "dmarc-cat-testdata/LICENSE.md",
            NOT_A_REPORT + "\"Copyright (c) 2018, Ollivier Robert\\nAll ...\""),
        Arguments.of(
            "dmarc-cat-testdata/SOURCE.txt",
            NOT_A_REPORT + "\"Source repository : https://github.com/k...\""),
        Arguments.of(
            "ietf-dmarc-xml/SOURCE.txt",
            NOT_A_REPORT + "\"Source repository : https://github.com/i...\""),
        Arguments.of(
            "ietf-dmarc-xml/rfc9990-dmarc-2.0.xsd",
            "line 2, column 1: not an aggregate report: the root element is <xs:schema>, not"
                + " <feedback>"),
        Arguments.of(
            "opendmarc-testfiles/aggregate-reports/bad.com!example.com!1337140800!1337227200.xml",
            "line 7: the document ends before </feedback> (truncated?): Unexpected EOF;"
                + " was expecting a close tag for element <ns1:feedback>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void reports(String file, String org, String reportId, int records, long messages)
      throws IOException {
    Result r = read(file);

    assertThat(r.failures).as("failures").isEmpty();
    assertThat(r.reports).hasSize(1);
    AggregateReport report = r.reports.get(0).report();
    assertThat(report.metadata().orgName()).isEqualTo(org);
    assertThat(report.metadata().reportId()).isEqualTo(reportId);
    assertThat(report.records()).hasSize(records);
    assertThat(report.messageCount()).isEqualTo(messages);
    assertThat(r.reports.get(0).sha256()).hasSize(64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rejected(String file, String problem) throws IOException {
    Result r = read(file);

    assertThat(r.reports).isEmpty();
    assertThat(r.failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.error().problem())
                  .isEqualTo(problem.replaceFirst("^line \\d+(, column \\d+)?: ", ""));
              assertThat(f.error().getMessage()).isEqualTo(f.source().location() + ": " + problem);
              assertThat(f.copy()).isEqualTo(Files.readAllBytes(Corpus.require(file)));
            });
  }

  @Test
  void sameReportInEveryContainer_sameDigest() throws IOException {
    Set<String> digests = new TreeSet<>();
    for (String f : List.of("nice-input.xml", "nice-input.xml.gz", "nice-input.xml.zip")) {
      digests.add(read(PS + "extract_report/" + f).reports.get(0).sha256());
    }
    assertThat(digests).hasSize(1);
    assertThat(read(PS + "extract_report/changed-input.xml").reports.get(0).sha256())
        .isNotIn(digests);
  }

  @Test
  void provenance_messageAttachmentMember() throws IOException {
    ExtractedReport r = read(PS + "aggregate/twilight.eml").reports.get(0);

    assertThat(r.source().messageId()).isEqualTo("1627703331531660819@google.com");
    assertThat(r.source().mimePart()).isEqualTo("1");
    assertThat(r.source().attachmentName())
        .isEqualTo("google.com!twlnet.com!1549756800!1549843199.zip");
    assertThat(r.source().zipMember()).isEqualTo("google.com!twlnet.com!1549756800!1549843199.xml");
  }

  @Test
  void everyCorpusFileIsInTheTable() throws IOException {
    Set<String> listed = new TreeSet<>();
    reports().forEach(a -> listed.add((String) a.get()[0]));
    rejected().forEach(a -> listed.add((String) a.get()[0]));
    Set<String> present = new TreeSet<>();
    for (String folder : FOLDERS) {
      Path dir = Corpus.require(folder);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          String rel = folder + "/" + p.getFileName();
          boolean wanted =
              !folder.equals("mail-dmarc-fixtures")
                  || p.getFileName().toString().startsWith("test_dmarc.");
          if (wanted) {
            present.add(rel);
          }
        }
      }
    }
    present.add(PS + "empty.xml");
    assertThat(listed).containsExactlyElementsOf(present);
  }

  private Result read(String file) throws IOException {
    Path path = Corpus.require(file);
    Result r = new Result();
    try (InputStream in = Files.newInputStream(path)) {
      reader.read(in, path.getFileName().toString(), r);
    }
    return r;
  }

  private static final class Result implements ReportHandler {
    final List<ExtractedReport> reports = new ArrayList<>();
    final List<PayloadFailure> failures = new ArrayList<>();

    @Override
    public void report(ExtractedReport report) {
      reports.add(report);
    }

    @Override
    public void failure(PayloadFailure failure) {
      failures.add(failure);
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      // not part of these assertions
    }
  }
}
