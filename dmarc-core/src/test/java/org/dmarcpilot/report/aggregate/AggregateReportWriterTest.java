// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.testing.Corpus;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.SAXException;

/**
 * The writer's output validates against the RFC 9990 schema, and reading it back gives the model
 * that was written (less what RFC 9990 cannot carry, as the writer's Javadoc lists).
 */
class AggregateReportWriterTest {
  private static Schema schema;
  private final AggregateReportWriter writer = new AggregateReportWriter();
  private final ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);
  private final AggregateReportReader xml = new AggregateReportReader(ReportLimits.DEFAULTS);

  @BeforeAll
  static void schema() throws SAXException {
    Path xsd = Corpus.require("ietf-dmarc-xml/rfc9990-dmarc-2.0.xsd");
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    schema = f.newSchema(xsd.toFile());
  }

  private static void validate(byte[] doc) throws IOException, SAXException {
    Validator v = schema.newValidator();
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    v.validate(new StreamSource(new ByteArrayInputStream(doc)));
  }

  /** Every report we have: the corpus reports and our own valid and deviant ones. */
  static Stream<String> reports() throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    CorpusAcceptanceTest.reports().forEach(a -> names.add("corpus:" + a.get()[0]));
    for (String folder : List.of("valid", "deviant")) {
      Path dir =
          Path.of(
              AggregateReportWriterTest.class.getResource("/reports/aggregate/" + folder).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        files.map(p -> "own:" + folder + "/" + p.getFileName()).sorted().forEach(names::add);
      }
    }
    return names.stream();
  }

  private AggregateReport load(String name) throws Exception {
    if (name.startsWith("own:")) {
      String rel = name.substring(4);
      return xml.read(ReportFixtures.resource(rel), rel);
    }
    return reader.read(Corpus.require(name.substring(7))).get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reports")
  void write_validatesAndReadsBack(String name) throws Exception {
    AggregateReport original = load(name);
    if (original.records().isEmpty()) {
      assertThatThrownBy(() -> bytes(original))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("report R1 has no records; RFC 9990 requires one");
      return;
    }

    byte[] written = bytes(original);
    validate(written);
    AggregateReport reread = xml.read(written, name);

    AggregateReport expected = rfc9990View(original);
    assertThat(reread.metadata()).isEqualTo(expected.metadata());
    assertThat(reread.policyPublished()).isEqualTo(expected.policyPublished());
    assertThat(reread.records()).containsExactlyElementsOf(expected.records());
    assertThat(reread.extensions()).containsExactlyElementsOf(expected.extensions());
    assertThat(reread.schema()).isEqualTo(ReportSchema.RFC9990);
    assertThat(reread.version()).isEqualTo("1.0");
    assertThat(reread.issues()).isEmpty();
    assertThat(bytes(reread)).as("writing is idempotent").isEqualTo(written);
  }

  @Test
  void write_rfc9990Sample_sameModelExactly() throws Exception {
    AggregateReport sample = load("own:valid/rfc9990-full.xml");

    AggregateReport reread = xml.read(bytes(sample), "again");

    assertThat(reread).isEqualTo(sample);
  }

  @Test
  void write_layout() throws Exception {
    AggregateReport r = xml.read(ReportFixtures.utf8(ReportFixtures.report("L", 1, 4)), "l.xml");

    String out = writer.toXml(r);

    assertThat(out)
        .startsWith(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">\n"
                + "  <version>1.0</version>\n"
                + "  <report_metadata>\n"
                + "    <org_name>example.net</org_name>\n")
        .contains(
            "    <row>\n" + "      <source_ip>192.0.2.1</source_ip>\n" + "      <count>4</count>\n")
        .doesNotContain("<pct>")
        .endsWith("  </record>\n</feedback>\n");
  }

  @Test
  void open_streamingWriter_sameBytesAsWhole() throws Exception {
    AggregateReport r = load("own:valid/rfc9990-full.xml");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (AggregateReportWriter.RecordWriter w = writer.open(r.header(), r.extensions(), out)) {
      for (ReportRecord rec : r.records()) {
        w.write(rec);
      }
    }

    assertThat(out.toByteArray()).isEqualTo(bytes(r));
  }

  @Test
  void write_textXmlCannotCarry_rejected() throws Exception {
    AggregateReport r = xml.read(ReportFixtures.utf8(ReportFixtures.report("C", 1, 1)), "c.xml");
    ReportMetadata m = r.metadata();
    AggregateReport bad =
        new AggregateReport(
            r.version(),
            r.schema(),
            new ReportMetadata(
                "bell\u0007", m.email(), null, m.reportId(), m.begin(), m.end(), List.of(), null),
            r.policyPublished(),
            r.records(),
            List.of(),
            List.of());

    assertThatThrownBy(() -> writer.toXml(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("<org_name> holds U+0007, which XML 1.0 cannot carry");
  }

  @Test
  void write_extensionThatIsNotXml_rejected() throws Exception {
    AggregateReport r = xml.read(ReportFixtures.utf8(ReportFixtures.report("E", 1, 1)), "e.xml");
    AggregateReport bad =
        new AggregateReport(
            r.version(),
            r.schema(),
            r.metadata(),
            r.policyPublished(),
            r.records(),
            List.of("<open>"),
            List.of());

    assertThatThrownBy(() -> writer.toXml(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("an extension that is not well-formed XML: <open>");
  }

  private byte[] bytes(AggregateReport r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(r, out);
    return out.toByteArray();
  }

  /** The model as RFC 9990 can carry it (the rules of the writer's Javadoc). */
  static AggregateReport rfc9990View(AggregateReport r) {
    ReportMetadata m = r.metadata();
    ReportMetadata metadata =
        new ReportMetadata(
            m.orgName(),
            m.email(),
            m.extraContactInfo(),
            m.reportId(),
            m.begin(),
            m.end(),
            m.errors().isEmpty() ? List.of() : List.of(String.join("\n", m.errors())),
            m.generator());
    PolicyPublished p = r.policyPublished();
    PolicyPublished policy =
        new PolicyPublished(
            p.domain(),
            p.p() == null ? Policy.NONE : p.p(),
            p.sp(),
            p.np(),
            p.adkim(),
            p.aspf(),
            null,
            p.fo(),
            p.testing(),
            p.discoveryMethod());
    List<ReportRecord> records = new ArrayList<>();
    for (ReportRecord rec : r.records()) {
      PolicyEvaluated pe = rec.policyEvaluated();
      List<PolicyOverrideReason> reasons = new ArrayList<>();
      for (PolicyOverrideReason reason : pe.reasons()) {
        if (reason.type() == PolicyOverrideType.FORWARDED
            || reason.type() == PolicyOverrideType.SAMPLED_OUT) {
          String c =
              reason.comment() == null
                  ? reason.type().token()
                  : reason.type().token() + ": " + reason.comment();
          reasons.add(new PolicyOverrideReason(PolicyOverrideType.OTHER, c));
        } else {
          reasons.add(reason);
        }
      }
      List<SpfAuthResult> spf =
          rec.spf().stream().filter(s -> s.scope() != SpfDomainScope.HELO).limit(1).toList();
      records.add(
          new ReportRecord(
              rec.sourceIp(),
              rec.count(),
              new PolicyEvaluated(
                  pe.disposition(),
                  pe.dkim() == null ? DmarcResultType.FAIL : pe.dkim(),
                  pe.spf() == null ? DmarcResultType.FAIL : pe.spf(),
                  reasons),
              rec.identifiers(),
              rec.dkim(),
              spf,
              rec.extensions()));
    }
    return new AggregateReport(
        "1.0", ReportSchema.RFC9990, metadata, policy, records, r.extensions(), List.of());
  }

  @Test
  void toXml_isUtf8() throws Exception {
    AggregateReport r =
        xml.read(
            ReportFixtures.utf8(
                ReportFixtures.report("U", 1, 1)
                    .replace("example.net</org_name>", "Ünïcødé</org_name>")),
            "u.xml");

    assertThat(writer.toXml(r).getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes(r));
    assertThat(writer.toXml(r)).contains("<org_name>Ünïcødé</org_name>");
  }
}
