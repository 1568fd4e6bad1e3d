// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.resource;
import static org.dmarcpilot.testing.ReportFixtures.utf8;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.Test;

/** The reader on our own reports: every field, every schema flavour, and the streaming contract. */
class AggregateReportReaderTest {
  private final AggregateReportReader reader = new AggregateReportReader(ReportLimits.DEFAULTS);

  private AggregateReport read(String resource) throws Exception {
    return reader.read(resource(resource), resource);
  }

  @Test
  void read_rfc9990Full_everyField() throws Exception {
    AggregateReport r = read("valid/rfc9990-full.xml");

    assertThat(r.schema()).isEqualTo(ReportSchema.RFC9990);
    assertThat(r.version()).isEqualTo("1.0");
    ReportMetadata m = r.metadata();
    assertThat(m.orgName()).isEqualTo("Example Receiver");
    assertThat(m.email()).isEqualTo("dmarc-reports@example.net");
    assertThat(m.extraContactInfo()).isEqualTo("https://example.net/dmarc");
    assertThat(m.reportId()).isEqualTo("rfc9990-full-0001@example.net");
    assertThat(m.begin()).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(m.end()).isEqualTo(Instant.ofEpochSecond(1700086399));
    assertThat(m.errors()).containsExactly("one DNS lookup timed out");
    assertThat(m.generator()).isEqualTo("DMARC Pilot test data 1.0");

    PolicyPublished p = r.policyPublished();
    assertThat(p)
        .isEqualTo(
            new PolicyPublished(
                "example.com",
                Policy.REJECT,
                Policy.QUARANTINE,
                Policy.REJECT,
                AlignmentMode.STRICT,
                AlignmentMode.RELAXED,
                null,
                "1:d",
                true,
                DiscoveryMethod.TREEWALK));

    assertThat(r.extensions())
        .containsExactly(
            "<ex:receiver-software xmlns:ex=\"https://example.net/dmarc-ext\" version=\"2\">"
                + "Example MTA</ex:receiver-software>");
    assertThat(r.records()).hasSize(2);
    assertThat(r.messageCount()).isEqualTo(42);

    ReportRecord first = r.records().get(0);
    assertThat(first.sourceIp()).isEqualTo(InetAddress.getByName("192.0.2.10"));
    assertThat(first.count()).isEqualTo(40);
    assertThat(first.policyEvaluated())
        .isEqualTo(
            new PolicyEvaluated(
                DispositionType.PASS, DmarcResultType.PASS, DmarcResultType.PASS, List.of()));
    assertThat(first.identifiers())
        .isEqualTo(new Identifiers("example.com", "bounce.example.com", "example.net"));
    assertThat(first.dkim())
        .containsExactly(
            new DkimAuthResult("example.com", "s2024", DkimResultType.PASS, "2048-bit key"));
    assertThat(first.spf())
        .containsExactly(
            new SpfAuthResult(
                "bounce.example.com",
                SpfDomainScope.MFROM,
                SpfResultType.PASS,
                "ip4:192.0.2.0/24 matched"));

    ReportRecord second = r.records().get(1);
    assertThat(second.sourceIp()).isEqualTo(InetAddress.getByName("2001:db8::25"));
    assertThat(second.policyEvaluated().reasons())
        .containsExactly(
            new PolicyOverrideReason(
                PolicyOverrideType.POLICY_TEST_MODE, "t=y: reject applied as quarantine"));
    assertThat(second.identifiers().envelopeFrom()).isEmpty(); // a null reverse-path
    assertThat(second.spf().get(0).scope()).isNull();
    assertThat(second.extensions())
        .containsExactly(
            "<ex:path xmlns:ex=\"https://example.net/dmarc-ext\" hops=\"3\">via example.org</ex:path>");
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void read_rfc7489Plain_pctReasonsAndHeloResults() throws Exception {
    AggregateReport r = read("valid/rfc7489-plain.xml");

    assertThat(r.schema()).isEqualTo(ReportSchema.NONE);
    assertThat(r.policyPublished().pct()).isEqualTo(50);
    assertThat(r.policyPublished().fo()).isEqualTo("0");
    assertThat(r.policyPublished().np()).isNull();
    assertThat(r.policyPublished().effectiveNp()).isEqualTo(Policy.NONE); // sp
    ReportRecord rec = r.records().get(0);
    assertThat(rec.policyEvaluated().reasons())
        .containsExactly(
            new PolicyOverrideReason(PolicyOverrideType.FORWARDED, "list.example.org"),
            new PolicyOverrideReason(PolicyOverrideType.SAMPLED_OUT, null));
    assertThat(rec.spf())
        .extracting(SpfAuthResult::scope)
        .containsExactly(SpfDomainScope.HELO, SpfDomainScope.MFROM);
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void read_prefixedDraftNamespace() throws Exception {
    AggregateReport r = read("valid/draft-0.1-prefixed.xml");

    assertThat(r.schema()).isEqualTo(ReportSchema.DMARC_XML_0_1);
    assertThat(r.metadata().orgName()).isEqualTo("Prefixed Reporter");
    assertThat(r.records()).singleElement().extracting(ReportRecord::count).isEqualTo(7L);
    assertThat(r.records().get(0).dkim()).hasSize(1);
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void read_draft02DefaultNamespace() throws Exception {
    AggregateReport r = read("valid/draft-0.2-default-ns.xml");

    assertThat(r.schema()).isEqualTo(ReportSchema.DMARC_XML_0_2);
    assertThat(r.version()).isEqualTo("2.0");
    assertThat(r.records().get(0).policyEvaluated().disposition())
        .isEqualTo(DispositionType.REJECT);
  }

  @Test
  void read_unknownNamespace_readAsRfc7489WithIssue() throws Exception {
    String xml =
        ReportFixtures.report("ns", 1, 1)
            .replace("<feedback>", "<feedback xmlns=\"urn:example:other\">");
    AggregateReport r = reader.read(utf8(xml), "ns.xml");

    assertThat(r.schema()).isEqualTo(ReportSchema.NONE);
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .containsExactly("unknown namespace \"urn:example:other\"; read as RFC 7489");
  }

  @Test
  void read_oneByteAtATime_sameReport() throws Exception {
    for (String name :
        List.of(
            "valid/rfc9990-full.xml", "deviant/malformed-markup.xml", "deviant/out-of-order.xml")) {
      AggregateReport whole = read(name);
      AggregateReport trickled = reader.read(new OneByteAtATime(resource(name)), name);
      assertThat(trickled).as(name).isEqualTo(whole);
    }
  }

  @Test
  void stream_largeDocument_recordsArriveAfterHeaderInOrder() throws Exception {
    String xml = ReportFixtures.report("big", 3000, 2);
    ReportLimits small = ReportLimits.DEFAULTS.withRepairableXmlBytes(4096);
    List<Object> events = new ArrayList<>();
    ReportTrailer t =
        new AggregateReportReader(small)
            .stream(
                new ByteArrayInputStream(utf8(xml)),
                "big.xml",
                new RecordSink() {
                  @Override
                  public void header(ReportHeader header) {
                    events.add(header.metadata().reportId());
                  }

                  @Override
                  public void record(ReportRecord record) {
                    events.add(record.count());
                  }
                });

    assertThat(events).hasSize(3001).first().isEqualTo("big");
    assertThat(t.recordCount()).isEqualTo(3000);
    assertThat(t.messageCount()).isEqualTo(6000);
    AggregateReport inMemory = reader.read(utf8(xml), "big.xml");
    assertThat(new AggregateReportReader(small).read(utf8(xml), "big.xml")).isEqualTo(inMemory);
  }

  @Test
  void stream_largeMalformedDocument_notRepaired() {
    String xml =
        ReportFixtures.report("big", 100, 1).replace("<org_name>example.net", "<org_name>AT&T");
    ReportLimits small = ReportLimits.DEFAULTS.withRepairableXmlBytes(1024);

    assertThatThrownBy(() -> new AggregateReportReader(small).read(utf8(xml), "big.xml"))
        .isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith("big.xml: line 4, column ")
        .hasMessageContaining("not well-formed XML")
        .hasMessageEndingWith("(reports larger than 1 KiB are not repaired)");
  }

  @Test
  void read_repeatedIssue_keptOnceWithCount() throws Exception {
    String xml =
        ReportFixtures.report("many", 5000, 1).replace("<dkim>pass</dkim>", "<dkim>Pass</dkim>");
    AggregateReport r = reader.read(utf8(xml), "many.xml");

    assertThat(r.records()).hasSize(5000);
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .containsExactly(
            "value \"Pass\" in <dkim> is not in lower case; read as pass (and 4,999 more times)");
    assertThat(r.issues().get(0).line()).isEqualTo(6); // the first record
  }

  @Test
  void read_manyDistinctIssues_bounded() throws Exception {
    StringBuilder unknown = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      unknown.append("<x").append(i).append("/>");
    }
    String xml =
        ReportFixtures.report("distinct", 1, 1).replace("<version>", unknown + "<version>");
    ReportLimits limits =
        new ReportLimits(
            32, 1000, 1000, 10, 1 << 20, 200, 1 << 20, 1 << 30, 10, 10, 10, 10, 100, 1000, 10, 100,
            1 << 20, 1 << 20, 0);
    AggregateReport r = new AggregateReportReader(limits).read(utf8(xml), "distinct.xml");

    assertThat(r.issues()).hasSize(11);
    assertThat(r.issues().get(10).message())
        .isEqualTo("40 more issues of other kinds were not kept (limit maxIssues = 10)");
  }

  @Test
  void read_utf16WithByteOrderMark() throws Exception {
    String xml =
        ReportFixtures.report("utf16", 2, 3)
            .replace("example.net</org_name>", "Überprüfung GmbH</org_name>")
            .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    for (var cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      byte[] body = xml.getBytes(cs);
      byte[] bom =
          cs == StandardCharsets.UTF_16LE
              ? new byte[] {(byte) 0xff, (byte) 0xfe}
              : new byte[] {(byte) 0xfe, (byte) 0xff};
      byte[] bytes = new byte[bom.length + body.length];
      System.arraycopy(bom, 0, bytes, 0, 2);
      System.arraycopy(body, 0, bytes, 2, body.length);

      AggregateReport r = reader.read(bytes, "utf16.xml");

      assertThat(r.metadata().orgName()).as(cs.name()).isEqualTo("Überprüfung GmbH");
      assertThat(r.messageCount()).isEqualTo(6);
      assertThat(r.issues()).isEmpty();
    }
  }

  @Test
  void read_utf8WithByteOrderMark() throws Exception {
    byte[] body = utf8(ReportFixtures.report("bom", 1, 1));
    byte[] bytes = new byte[body.length + 3];
    bytes[0] = (byte) 0xef;
    bytes[1] = (byte) 0xbb;
    bytes[2] = (byte) 0xbf;
    System.arraycopy(body, 0, bytes, 3, body.length);

    assertThat(reader.read(bytes, "bom.xml").issues()).isEmpty();
  }

  @Test
  void read_windows1252AndLatin1_declaredEncodingHonoured() throws Exception {
    String xml =
        ReportFixtures.report("cp", 1, 1)
            .replace("example.net</org_name>", "Caf\u00e9 \u201cMail\u201d</org_name>");
    AggregateReport cp1252 =
        reader.read(xml.replace("UTF-8", "windows-1252").getBytes("windows-1252"), "cp1252.xml");
    assertThat(cp1252.metadata().orgName()).isEqualTo("Caf\u00e9 \u201cMail\u201d");

    String latin = xml.replace("\u201cMail\u201d", "Mail").replace("UTF-8", "ISO-8859-1");
    AggregateReport latin1 = reader.read(latin.getBytes(StandardCharsets.ISO_8859_1), "l1.xml");
    assertThat(latin1.metadata().orgName()).isEqualTo("Caf\u00e9 Mail");
    assertThat(cp1252.issues()).isEmpty();
  }

  @Test
  void read_invalidUtf8_replacedWithIssue() throws Exception {
    byte[] xml =
        utf8(
            ReportFixtures.report("bad", 1, 1)
                .replace("example.net</org_name>", "Bad?Byte</org_name>"));
    int at = new String(xml, StandardCharsets.ISO_8859_1).indexOf("Bad?Byte") + 3;
    xml[at] = (byte) 0x91;

    AggregateReport r = reader.read(xml, "bad.xml");

    assertThat(r.metadata().orgName()).isEqualTo("Bad\uFFFDByte");
    assertThat(r.issues())
        .extracting(ReportIssue::toString)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .startsWith("the XML is not well-formed (Invalid UTF-8 start byte 0x91")
                    .endsWith("it was repaired as noted below and read again"),
            second ->
                assertThat(second)
                    .isEqualTo("line 4: 1 byte not valid in UTF-8 replaced by U+FFFD"));
  }

  @Test
  void read_latin1BytesDeclaredUtf8_eachBadByteCounted() throws Exception {
    byte[] xml =
        ReportFixtures.report("l", 1, 1)
            .replace("example.net</org_name>", "M\u00fcller & S\u00f6hne</org_name>")
            .getBytes(StandardCharsets.ISO_8859_1);

    AggregateReport r = reader.read(xml, "l.xml");

    assertThat(r.metadata().orgName()).isEqualTo("M\uFFFDller & S\uFFFDhne");
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .contains(
            "2 bytes not valid in UTF-8 replaced by U+FFFD",
            "an '&' that starts no entity reference was read as text");
  }

  @Test
  void read_brokenDeclaration_blankedAndNoted() throws Exception {
    String xml =
        ReportFixtures.report("D", 1, 1)
            .replace(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=1.0 encoding=UTF-8?>");

    AggregateReport r = reader.read(utf8(xml), "decl.xml");

    assertThat(r.records()).hasSize(1);
    assertThat(r.issues())
        .extracting(ReportIssue::toString)
        .singleElement()
        .asString()
        .startsWith("line 1, column 15: the XML is not well-formed (")
        .endsWith("it was repaired as noted below and read again");
  }

  @Test
  void read_unknownDeclaredEncoding_readAsUtf8() throws Exception {
    String xml =
        ReportFixtures.report("E", 1, 1)
            .replace("encoding=\"UTF-8\"", "encoding=\"x-no-such-charset\"")
            .replace("example.net</org_name>", "Ex\u00e4mple</org_name>");

    AggregateReport r = reader.read(utf8(xml), "enc.xml");

    assertThat(r.metadata().orgName()).isEqualTo("Ex\u00e4mple");
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .contains("unknown encoding \"x-no-such-charset\" in the XML declaration; read as UTF-8");
  }

  /** Hands out one byte per read, as a slow network would. */
  static final class OneByteAtATime extends FilterInputStream {
    OneByteAtATime(byte[] data) {
      super(new ByteArrayInputStream(data));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : super.read(b, off, 1);
    }
  }

  static InputStream stream(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  @Test
  void read_secondReportAfterTheFirst_notedNotDroppedSilently() throws Exception {
    // two reports pasted into one file: the second was dropped without a word
    String first = ReportFixtures.report("first", 2, 1);
    String second = ReportFixtures.report("second", 3, 1);

    AggregateReport r = reader.read(utf8(first + second), "two.xml");

    assertThat(r.metadata().reportId()).isEqualTo("first");
    assertThat(r.records()).hasSize(2);
    assertThat(r.issues()).hasSize(1);
    assertThat(r.issues().get(0).message())
        .startsWith("content after </feedback> was not read (a second report?): ");
  }

  @Test
  void read_commentsAndWhiteSpaceAfterTheReport_noIssue() throws Exception {
    String xml = ReportFixtures.report("tail", 1, 1) + "\n<!-- sent by x -->\n<?pi data?>\n\n";

    assertThat(reader.read(utf8(xml), "tail.xml").issues()).isEmpty();
  }
}
