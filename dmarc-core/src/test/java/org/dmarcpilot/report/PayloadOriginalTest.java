// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.base64Lines;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The originals the extractor hands over: which bytes, when, and within the limit. */
class PayloadOriginalTest {
  private static final ReportLimits KEEP = ReportLimits.DEFAULTS.withOriginalCopyBytes(1 << 20);

  /** Records reports and originals in order. */
  static final class Recorder implements PayloadHandler {
    final List<String> events = new ArrayList<>();
    final List<PayloadOriginal> originals = new ArrayList<>();

    @Override
    public void xml(ReportSource source, InputStream xml) throws IOException {
      xml.readNBytes(10); // a reader need not read a payload to its end
      events.add("report " + source.location());
    }

    @Override
    public void failed(PayloadFailure failure) {
      events.add("failed " + failure.error().getMessage());
    }

    @Override
    public void original(PayloadOriginal original) {
      originals.add(original);
      events.add("original " + original.source().location() + " x" + original.reports());
    }
  }

  private static Recorder fromMemory(ReportLimits limits, byte[] input, String name)
      throws IOException {
    Recorder r = new Recorder();
    new PayloadExtractor(limits).extract(input, name, r);
    return r;
  }

  private static Recorder fromStream(ReportLimits limits, byte[] input, String name)
      throws IOException {
    Recorder r = new Recorder();
    new PayloadExtractor(limits).extract(new ByteArrayInputStream(input), name, r);
    return r;
  }

  private static String message(String id, String contentType, String cte, String body) {
    return "From: DMARC <noreply-dmarc@example.net>\r\n"
        + "To: dmarc@example.com\r\n"
        + "Subject: Report Domain: example.com\r\n"
        + "Message-ID: <"
        + id
        + ">\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: "
        + contentType
        + "\r\n"
        + (cte == null ? "" : "Content-Transfer-Encoding: " + cte + "\r\n")
        + "\r\n"
        + body;
  }

  private static String withZipAttachment(String id, byte[] zip) {
    return message(
        id,
        "multipart/mixed; boundary=\"B\"",
        null,
        "--B\r\nContent-Type: text/plain\r\n\r\nSee the attached report.\r\n"
            + "--B\r\nContent-Type: application/zip; name=\"rep.zip\"\r\n"
            + "Content-Disposition: attachment; filename=\"rep.zip\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(zip)
            + "\r\n--B--\r\n");
  }

  @Test
  void zipFile_theWholeInputAfterItsReports_inMemoryAndStreamed() throws IOException {
    byte[] zip = zip("a.xml", utf8(report("A", 1, 1)), "b.xml", utf8(report("B", 2, 1)));

    for (Recorder r : List.of(fromMemory(KEEP, zip, "two.zip"), fromStream(KEEP, zip, "two.zip"))) {
      assertThat(r.events)
          .containsExactly(
              "report two.zip, member \"a.xml\"",
              "report two.zip, member \"b.xml\"",
              "original two.zip x2");
      PayloadOriginal o = r.originals.get(0);
      assertThat(o.bytes()).isEqualTo(zip);
      assertThat(o.size()).isEqualTo(zip.length);
      assertThat(o.mediaType()).isEqualTo("application/zip");
      assertThat(o.fileName()).isNull();
    }
  }

  @Test
  void inMemoryInput_handedOverWithoutCopy() throws IOException {
    byte[] gz = gzip(utf8(report("G", 3, 2)));

    Recorder r = fromMemory(KEEP, gz, "r.xml.gz");

    assertThat(r.originals).hasSize(1);
    assertThat(r.originals.get(0).bytes()).isSameAs(gz);
    assertThat(r.originals.get(0).mediaType()).isEqualTo("application/gzip");
  }

  @Test
  void message_theDecodedAttachmentNotTheMessage() throws IOException {
    byte[] zip = zip("r.xml", utf8(report("M", 2, 1)));
    byte[] eml = utf8(withZipAttachment("m@example.net", zip));

    for (Recorder r : List.of(fromMemory(KEEP, eml, "m.eml"), fromStream(KEEP, eml, "m.eml"))) {
      assertThat(r.originals).hasSize(1);
      PayloadOriginal o = r.originals.get(0);
      assertThat(o.bytes()).isEqualTo(zip);
      assertThat(o.fileName()).isEqualTo("rep.zip");
      assertThat(o.mediaType()).isEqualTo("application/zip");
      assertThat(o.source().mimePart()).isEqualTo("2");
      assertThat(o.reports()).isEqualTo(1);
    }
  }

  @Test
  void mbox_oneOriginalPerMessage() throws IOException {
    byte[] gz = gzip(utf8(report("ONE", 1, 5)));
    byte[] zip = zip("two.xml", utf8(report("TWO", 2, 1)));
    String xml = report("THREE", 1, 3);
    String mbox =
        "From a@example.net Mon Jan  4 00:00:00 2021\n"
            + message("one@example.net", "application/gzip", "base64", base64Lines(gz))
            + "\nFrom a@example.net Tue Jan  5 00:00:00 2021\n"
            + withZipAttachment("two@example.net", zip)
            + "\nFrom a@example.net Wed Jan  6 00:00:00 2021\n"
            + message("three@example.net", "text/xml", "quoted-printable", xml.replace("=", "=3D"));

    Recorder r = fromMemory(KEEP, utf8(mbox), "inbox.mbox");

    assertThat(r.originals).extracting(PayloadOriginal::reports).containsExactly(1, 1, 1);
    assertThat(r.originals.get(0).bytes()).isEqualTo(gz);
    assertThat(r.originals.get(1).bytes()).isEqualTo(zip);
    assertThat(new String(r.originals.get(2).bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualToIgnoringWhitespace(xml); // QP text: line ends as the message had them
    assertThat(r.originals.get(2).mediaType()).isEqualTo("application/xml");
  }

  @Test
  void overTheLimit_sizeWithoutBytes() throws IOException {
    byte[] zip = zip("r.xml", utf8(report("BIG", 50, 1)));
    byte[] eml = utf8(withZipAttachment("big@example.net", zip));
    ReportLimits small = ReportLimits.DEFAULTS.withOriginalCopyBytes(100);

    for (Recorder r :
        List.of(
            fromMemory(small, zip, "big.zip"),
            fromStream(small, zip, "big.zip"),
            fromMemory(small, eml, "big.eml"))) {
      assertThat(r.originals).hasSize(1);
      assertThat(r.originals.get(0).kept()).isFalse();
      assertThat(r.originals.get(0).bytes()).isNull();
      assertThat(r.originals.get(0).size()).isEqualTo(zip.length);
    }
  }

  @Test
  void byDefault_noOriginals() throws IOException {
    byte[] zip = zip("r.xml", utf8(report("D", 1, 1)));

    assertThat(fromMemory(ReportLimits.DEFAULTS, zip, "d.zip").originals).isEmpty();
    assertThat(fromStream(ReportLimits.DEFAULTS, zip, "d.zip").originals).isEmpty();
  }

  @Test
  void inputWithoutReport_noOriginal() throws IOException {
    byte[] zip = zip("notes.txt", utf8("no report here"));

    Recorder r = fromMemory(KEEP, zip, "none.zip");

    assertThat(r.originals).isEmpty();
    assertThat(r.events).hasSize(1).allMatch(e -> e.startsWith("failed "));
  }
}
