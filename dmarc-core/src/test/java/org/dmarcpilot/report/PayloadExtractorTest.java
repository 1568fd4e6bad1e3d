// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.base64Lines;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containers: what is found, where, and what a failure carries. */
class PayloadExtractorTest {
  private final PayloadExtractor extractor = new PayloadExtractor(ReportLimits.DEFAULTS);

  /** Records what the extractor hands over; an XML payload "fails" when it has no feedback. */
  static final class Recorder implements PayloadHandler {
    final List<String> events = new ArrayList<>();
    final List<ReportSource> reports = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    final List<PayloadFailure> failures = new ArrayList<>();

    @Override
    public void xml(ReportSource source, InputStream xml) throws ReportParseException, IOException {
      String body = new String(xml.readAllBytes(), StandardCharsets.UTF_8);
      if (!body.contains("<feedback>")) {
        throw new ReportParseException(source.location(), "no feedback");
      }
      reports.add(source);
      bodies.add(body);
      events.add("report " + source.location());
    }

    @Override
    public void failed(PayloadFailure failure) {
      failures.add(failure);
      events.add("failed " + failure.error().getMessage());
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      events.add("skipped " + source.location() + ": " + issue.message());
    }
  }

  private Recorder extract(byte[] input, String name) throws IOException {
    Recorder r = new Recorder();
    extractor.extract(new ByteArrayInputStream(input), name, r);
    return r;
  }

  private static String message(String messageId, String contentType, String cte, String body) {
    return "Return-Path: <noreply-dmarc@example.net>\r\n"
        + "From: DMARC <noreply-dmarc@example.net>\r\n"
        + "To: dmarc@example.com\r\n"
        + "Subject: Report Domain: example.com Submitter: example.net Report-ID: x\r\n"
        + "Message-ID: <"
        + messageId
        + ">\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: "
        + contentType
        + "\r\n"
        + (cte == null ? "" : "Content-Transfer-Encoding: " + cte + "\r\n")
        + "\r\n"
        + body;
  }

  private static String multipart(String messageId, String... parts) {
    return multipartWith("BOUNDARY", messageId, parts);
  }

  private static String multipartWith(String boundary, String messageId, String... parts) {
    StringBuilder body = new StringBuilder("This is a multi-part message in MIME format.\r\n");
    for (String p : parts) {
      body.append("--").append(boundary).append("\r\n").append(p);
    }
    body.append("--").append(boundary).append("--\r\n");
    return message(
        messageId, "multipart/mixed; boundary=\"" + boundary + "\"", null, body.toString());
  }

  private static String part(String headers, String body) {
    return headers + "\r\n\r\n" + body + "\r\n";
  }

  @Test
  void zip_twoReports_bothDelivered() throws IOException {
    byte[] zip = zip("a.xml", utf8(report("A", 1, 1)), "b.xml", utf8(report("B", 2, 1)));

    Recorder r = extract(zip, "two.zip");

    assertThat(r.events)
        .containsExactly("report two.zip, member \"a.xml\"", "report two.zip, member \"b.xml\"");
    assertThat(r.bodies.get(1)).contains("<report_id>B</report_id>");
  }

  @Test
  void zip_memberThatIsNotXml_skippedWithIssue() throws IOException {
    byte[] zip = zip("README.txt", utf8("read me"), "r.xml.gz", gzip(utf8(report("A", 1, 1))));

    Recorder r = extract(zip, "mixed.zip");

    assertThat(r.events)
        .containsExactly(
            "report mixed.zip, member \"r.xml.gz\"",
            "skipped mixed.zip, member \"README.txt\": zip member \"README.txt\" is not XML,"
                + " gzip, zip or an e-mail message (it begins with \"read me\"); ignored");
  }

  @Test
  void zip_badMemberBetweenGoodOnes_othersStillDelivered_copyIsTheWholeZip() throws IOException {
    byte[] zip =
        zip(
            "1.xml", utf8(report("A", 1, 1)),
            "2.xml", utf8("<html/>"),
            "3.xml", utf8(report("C", 1, 1)));

    Recorder r = extract(zip, "three.zip");

    assertThat(r.events)
        .containsExactly(
            "report three.zip, member \"1.xml\"",
            "report three.zip, member \"3.xml\"",
            "failed three.zip, member \"2.xml\": no feedback");
    PayloadFailure f = r.failures.get(0);
    assertThat(f.source().zipMember()).isEqualTo("2.xml");
    assertThat(f.copy()).isEqualTo(zip);
    assertThat(f.truncated()).isFalse();
    assertThat(f.size()).isEqualTo(zip.length);
  }

  @Test
  void failureCopy_boundedAndMarkedTruncated() throws IOException {
    byte[] input = utf8("not a report " + "x".repeat(5000));
    Recorder r = new Recorder();
    new PayloadExtractor(ReportLimits.DEFAULTS.withFailureCopyBytes(100))
        .extract(new ByteArrayInputStream(input), "big.txt", r);

    PayloadFailure f = r.failures.get(0);
    assertThat(f.copy()).hasSize(100).isEqualTo(java.util.Arrays.copyOf(input, 100));
    assertThat(f.truncated()).isTrue();
    assertThat(f.size()).as("the whole input's size, not the copy's").isEqualTo(input.length);

    Recorder fromArray = new Recorder();
    new PayloadExtractor(ReportLimits.DEFAULTS.withFailureCopyBytes(100))
        .extract(input, "big.txt", fromArray);
    PayloadFailure a = fromArray.failures.get(0);
    assertThat(a.copy()).isEqualTo(f.copy());
    assertThat(a.size()).isEqualTo(input.length);
  }

  @Test
  void mbox_threeMessages_eachWithProvenance() throws IOException {
    byte[] gz = gzip(utf8(report("ONE", 1, 5)));
    String m1 =
        message(
            "one@example.net", "application/gzip; name=\"one.xml.gz\"", "base64", base64Lines(gz));
    String m2 =
        multipart(
            "two@example.net",
            part("Content-Type: text/plain; charset=utf-8", "See the attached report."),
            part(
                "Content-Type: application/zip; name=\"two.zip\"\r\n"
                    + "Content-Disposition: attachment; filename=\"two.zip\"\r\n"
                    + "Content-Transfer-Encoding: base64",
                base64Lines(zip("two.xml", utf8(report("TWO", 2, 1))))));
    String m3 =
        multipart(
            "three@example.net",
            part(
                "Content-Type: text/plain",
                "A line that says\r\n>From here on, quoted in the mbox\r\n"),
            part(
                "Content-Type: text/xml\r\nContent-Transfer-Encoding: quoted-printable",
                report("THREE", 1, 3).replace("=", "=3D")));
    String mbox =
        "From noreply-dmarc@example.net Mon Jan  4 00:00:00 2021\n"
            + m1
            + "\n"
            + "From noreply-dmarc@example.net Tue Jan  5 00:00:00 2021\n"
            + m2
            + "\n"
            + "From noreply-dmarc@example.net Wed Jan  6 00:00:00 2021\n"
            + m3.replace("\r\n>From here", "\r\n>>From here");

    Recorder r = extract(utf8(mbox), "inbox.mbox");

    assertThat(r.events)
        .containsExactly(
            "report inbox.mbox, message 1 <one@example.net>, part 1 \"one.xml.gz\"",
            "report inbox.mbox, message 2 <two@example.net>, part 2 \"two.zip\", member"
                + " \"two.xml\"",
            "report inbox.mbox, message 3 <three@example.net>, part 2");
    assertThat(r.reports)
        .extracting(ReportSource::messageNumber, ReportSource::messageId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "one@example.net"),
            org.assertj.core.groups.Tuple.tuple(2, "two@example.net"),
            org.assertj.core.groups.Tuple.tuple(3, "three@example.net"));
    assertThat(r.bodies.get(2)).contains("<report_id>THREE</report_id>");
  }

  @Test
  void mbox_messageWithoutReport_failsAloneWithItsOwnBytesUnquoted() throws IOException {
    String bad =
        message("bad@example.net", "text/plain", null, "Hello,\n>From the team\nno report\n");
    String good = message("good@example.net", "text/xml", null, report("G", 1, 1));
    String mbox =
        "From a@b Mon Jan  4 00:00:00 2021\n" + bad + "From a@b Tue Jan  5 00:00:00 2021\n" + good;

    Recorder r = extract(utf8(mbox), "two.mbox");

    assertThat(r.events)
        .containsExactly(
            "failed two.mbox, message 1: no aggregate report found in the e-mail message (its"
                + " parts: text/plain (part 1))",
            "report two.mbox, message 2 <good@example.net>, part 1");
    String copy = new String(r.failures.get(0).copy(), StandardCharsets.UTF_8);
    assertThat(copy).isEqualTo(bad.replace(">From the team", "From the team"));
  }

  @Test
  void message_reportAsTheWholeBody() throws IOException {
    byte[] gz = gzip(utf8(report("BODY", 1, 1)));
    String m = message("body@example.net", "application/gzip", "base64", base64Lines(gz));

    Recorder r = extract(utf8(m), "body.eml");

    assertThat(r.events).containsExactly("report body.eml <body@example.net>, part 1");
  }

  @Test
  void message_forwardedAsRfc822_innerMessageIdKept() throws IOException {
    String inner =
        multipartWith(
            "INNER",
            "inner@example.net",
            part(
                "Content-Type: application/zip\r\n"
                    + "Content-Disposition: attachment;\r\n filename*=UTF-8''r%C3%A9port.zip\r\n"
                    + "Content-Transfer-Encoding: base64",
                base64Lines(zip("r.xml", utf8(report("FWD", 1, 1))))));
    String outer =
        multipart(
            "outer@example.net",
            part("Content-Type: text/plain", "Forwarding the report below."),
            part("Content-Type: message/rfc822", inner));

    Recorder r = extract(utf8(outer), "fwd.eml");

    assertThat(r.reports)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.messageId()).isEqualTo("inner@example.net");
              assertThat(s.mimePart()).isEqualTo("2.1");
              assertThat(s.attachmentName()).isEqualTo("r\u00e9port.zip");
              assertThat(s.zipMember()).isEqualTo("r.xml");
            });
  }

  @Test
  void message_textPlainBodyHoldingTheXml_read() throws IOException {
    String m =
        message("inline@example.net", "text/plain; charset=us-ascii", null, report("IN", 1, 1));

    assertThat(extract(utf8(m), "inline.eml").reports).hasSize(1);
  }

  @Test
  void message_declaredGzipThatIsNot_failsNamingThePart() throws IOException {
    String m =
        multipart(
            "yahoo@example.net",
            part(
                "Content-Type: application/gzip; name=\"r.xml.gz\"\r\n"
                    + "Content-Transfer-Encoding: 7bit",
                "unused"));

    Recorder r = extract(utf8(m), "unused.eml");

    assertThat(r.events)
        .containsExactly(
            "failed unused.eml <yahoo@example.net>, part 1 \"r.xml.gz\": not a report: neither"
                + " XML, gzip, zip nor an e-mail message; it begins with \"unused\"");
  }

  @Test
  void message_failureReport_namedAsSuch() throws IOException {
    String m =
        message(
            "ruf@example.net",
            "multipart/report; report-type=feedback-report; boundary=\"BOUNDARY\"",
            null,
            "--BOUNDARY\r\n"
                + part("Content-Type: text/plain", "A message failed DMARC.")
                + "--BOUNDARY\r\n"
                + part("Content-Type: message/feedback-report", "Feedback-Type: auth-failure")
                + "--BOUNDARY--\r\n");

    Recorder r = extract(utf8(m), "ruf.eml");

    assertThat(r.failures.get(0).error().problem())
        .isEqualTo(
            "no aggregate report found in the e-mail message (its parts: text/plain (part 1),"
                + " message/feedback-report (part 2)); it looks like a failure report (RFC 9991),"
                + " not an aggregate report");
  }

  @Test
  void inputIoError_endsTheInputAfterWhatWasFound() {
    byte[] first =
        utf8(
            "From a@b Mon Jan  4 00:00:00 2021\n"
                + message("1@x", "text/xml", null, report("A", 1, 1))
                + "From a@b Tue Jan  5 00:00:00 2021\n"
                + message("2@x", "text/xml", null, report("B", 1, 1)).substring(0, 300));
    InputStream failing =
        new InputStream() {
          int pos;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (pos == first.length) {
              throw new IOException("connection reset");
            }
            int n = Math.min(len, first.length - pos);
            System.arraycopy(first, pos, b, off, n);
            pos += n;
            return n;
          }
        };
    Recorder r = new Recorder();

    assertThatThrownBy(() -> extractor.extract(failing, "imap", r))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(r.reports).hasSize(1);
  }

  @Test
  void limits_zipMembersAndMboxMessagesAndNesting() throws IOException {
    ReportLimits limits = ReportLimits.DEFAULTS.withMaxZipMembers(2).withMaxMboxMessages(1);
    PayloadExtractor small = new PayloadExtractor(limits);

    Recorder zip = new Recorder();
    byte[] three =
        zip(
            "1.xml",
            utf8(report("1", 1, 1)),
            "2.xml",
            utf8(report("2", 1, 1)),
            "3.xml",
            utf8(report("3", 1, 1)));
    small.extract(new ByteArrayInputStream(three), "three.zip", zip);
    assertThat(zip.reports).hasSize(2);
    assertThat(zip.failures.get(0).error().problem())
        .isEqualTo(
            "the zip archive has more than 2 members (limit maxZipMembers); the rest was not read");

    Recorder mbox = new Recorder();
    String one = message("1@x", "text/xml", null, report("A", 1, 1));
    small.extract(
        new ByteArrayInputStream(utf8("From a\n" + one + "From b\n" + one)), "m.mbox", mbox);
    assertThat(mbox.reports).hasSize(1);
    assertThat(mbox.failures.get(0).error().problem())
        .isEqualTo(
            "the mbox has more than 1 messages (limit maxMboxMessages); the rest was not read");

    byte[] nested = utf8(report("N", 1, 1));
    for (int i = 0; i < 12; i++) {
      nested = gzip(nested);
    }
    Recorder deep = extract(nested, "deep.gz");
    assertThat(deep.failures.get(0).error().problem())
        .isEqualTo("containers nested deeper than 10 levels (limit maxNestingDepth)");
  }

  @Test
  void sniffing_ignoresTheFileName() throws IOException {
    byte[] gz = gzip(utf8(report("G", 1, 1)));

    assertThat(extract(gz, "report.zip").reports).hasSize(1);
    assertThat(extract(utf8(report("X", 1, 1)), "report.xml.gz").reports).hasSize(1);
  }

  @Test
  void tarInGzip_failsNamingTheFormat() throws IOException {
    byte[] tar = new byte[1024];
    byte[] xml = utf8(report("T", 1, 1));
    System.arraycopy(utf8("r.xml"), 0, tar, 0, 5);
    System.arraycopy(utf8("ustar"), 0, tar, 257, 5);
    tar = java.util.Arrays.copyOf(tar, 1024 + xml.length);
    System.arraycopy(xml, 0, tar, 512, xml.length);

    Recorder r = extract(gzip(tar), "r.tar.gz");

    assertThat(r.failures).singleElement();
    assertThat(r.failures.get(0).error().getMessage())
        .isEqualTo(
            "r.tar.gz: not a report: a tar archive, which is not read; reports come as XML, gzip"
                + " or zip");
  }
}
