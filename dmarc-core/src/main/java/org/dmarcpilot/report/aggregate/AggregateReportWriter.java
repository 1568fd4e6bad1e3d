// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import com.ctc.wstx.api.WstxOutputProperties;
import com.google.common.net.InetAddresses;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.internal.SecureXml;
import org.jspecify.annotations.Nullable;

/**
 * Writes aggregate reports as strict RFC 9990 XML: namespace {@code
 * urn:ietf:params:xml:ns:dmarc-2.0}, {@code <version>1.0</version>}, elements in schema order. The
 * output validates against the RFC 9990 schema (Appendix A). Reading it back with {@link
 * AggregateReportReader} gives an equal model, except for what RFC 9990 cannot carry:
 *
 * <ul>
 *   <li>{@code pct} (removed by RFC 9989) is not written;
 *   <li>a missing {@code p} is written as {@code none} (RFC 9989 §4.7), missing policy-evaluated
 *       {@code dkim}/{@code spf} verdicts as {@code fail}, a missing {@code email} and a missing
 *       DKIM {@code selector} as empty elements (both are required);
 *   <li>several {@code <error>}s are joined into one, separated by a line break;
 *   <li>the RFC 7489 override reasons {@code forwarded} and {@code sampled_out} become {@code
 *       other} with the old type at the start of the comment;
 *   <li>only one SPF result is written: the first whose scope is {@code mfrom} (or not given);
 *       {@code helo} results are left out (RFC 9990 reports the MAIL FROM identity only).
 * </ul>
 *
 * <pre>{@code
 * new AggregateReportWriter().write(report, out);
 * try (AggregateReportWriter.RecordWriter w = writer.open(header, List.of(), out)) {
 *   for (ReportRecord r : rows) w.write(r);   // streaming, for reports of any size
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9990#appendix-A">RFC 9990 Appendix A</a>
 */
public final class AggregateReportWriter {
  /** The RFC 9990 namespace. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";

  private final XMLOutputFactory outputs = SecureXml.outputFactory();
  private final XMLInputFactory extensionInput =
      SecureXml.inputFactory(ReportLimits.DEFAULTS, true);

  /** A writer. */
  public AggregateReportWriter() {
    outputs.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
    outputs.setProperty(WstxOutputProperties.P_USE_DOUBLE_QUOTES_IN_XML_DECL, true);
  }

  /**
   * Writes a whole report as UTF-8 XML.
   *
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if the report has no records (RFC 9990 requires one), holds
   *     text XML cannot carry (control characters) or an extension that is not well-formed XML
   */
  public void write(AggregateReport report, OutputStream out) throws IOException {
    Objects.requireNonNull(report, "report");
    if (report.records().isEmpty()) {
      throw new IllegalArgumentException(
          "report " + report.metadata().reportId() + " has no records; RFC 9990 requires one");
    }
    try (RecordWriter w = open(report.header(), report.extensions(), out)) {
      for (ReportRecord r : report.records()) {
        w.write(r);
      }
    }
  }

  /** The report as an XML string. */
  public String toXml(AggregateReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(report, out);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Starts a report: writes everything up to the first record. Records follow with {@link
   * RecordWriter#write}; {@link RecordWriter#close} ends the document (the stream stays open).
   *
   * @param header version and schema are ignored: the output is always RFC 9990, version 1.0
   * @param extensions children of the report-level {@code <extension>}, each well-formed XML
   * @throws IOException if writing fails
   */
  public RecordWriter open(ReportHeader header, List<String> extensions, OutputStream out)
      throws IOException {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(out, "out");
    try {
      XMLStreamWriter w = outputs.createXMLStreamWriter(out, "UTF-8");
      RecordWriter rw = new RecordWriter(w);
      rw.begin(header, extensions);
      return rw;
    } catch (XMLStreamException e) {
      throw io(e);
    }
  }

  private static IOException io(XMLStreamException e) {
    return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  /** Writes the records of one report, then its end. Not thread-safe. */
  public final class RecordWriter implements Closeable {
    private final XMLStreamWriter w;
    private boolean closed;
    private long written;

    private RecordWriter(XMLStreamWriter w) {
      this.w = w;
    }

    private void begin(ReportHeader header, List<String> extensions) throws XMLStreamException {
      w.writeStartDocument("UTF-8", "1.0");
      nl(0);
      w.setDefaultNamespace(NAMESPACE);
      w.writeStartElement("", "feedback", NAMESPACE);
      w.writeDefaultNamespace(NAMESPACE);
      leaf(1, "version", "1.0");
      metadata(header.metadata());
      policy(header.policyPublished());
      if (!extensions.isEmpty()) {
        nl(1);
        w.writeStartElement(NAMESPACE, "extension");
        for (String x : extensions) {
          nl(2);
          copy(x);
        }
        nl(1);
        w.writeEndElement();
      }
    }

    /**
     * Writes one record.
     *
     * @throws IOException if writing fails
     */
    public void write(ReportRecord r) throws IOException {
      Objects.requireNonNull(r, "record");
      if (closed) {
        throw new IllegalStateException("closed");
      }
      try {
        record(r);
        written++;
      } catch (XMLStreamException e) {
        throw io(e);
      }
    }

    /**
     * Ends the document and flushes; the output stream is not closed.
     *
     * @throws IllegalStateException if no record was written (RFC 9990 requires one; the output is
     *     then incomplete)
     */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (written == 0) {
        throw new IllegalStateException("no record was written; RFC 9990 requires one");
      }
      try {
        nl(0);
        w.writeEndElement();
        nl(0);
        w.writeEndDocument();
        w.flush();
        w.close();
      } catch (XMLStreamException e) {
        throw io(e);
      }
    }

    private void metadata(ReportMetadata m) throws XMLStreamException {
      start(1, "report_metadata");
      leaf(2, "org_name", m.orgName());
      leaf(2, "email", m.email() == null ? "" : m.email());
      optional(2, "extra_contact_info", m.extraContactInfo());
      leaf(2, "report_id", m.reportId());
      start(2, "date_range");
      leaf(3, "begin", Long.toString(m.begin().getEpochSecond()));
      leaf(3, "end", Long.toString(m.end().getEpochSecond()));
      end(2);
      if (!m.errors().isEmpty()) {
        leaf(2, "error", String.join("\n", m.errors()));
      }
      optional(2, "generator", m.generator());
      end(1);
    }

    private void policy(PolicyPublished p) throws XMLStreamException {
      start(1, "policy_published");
      leaf(2, "domain", p.domain());
      leaf(2, "p", p.effectiveP().token());
      if (p.sp() != null) {
        leaf(2, "sp", p.sp().token());
      }
      if (p.np() != null) {
        leaf(2, "np", p.np().token());
      }
      if (p.adkim() != null) {
        leaf(2, "adkim", p.adkim().token());
      }
      if (p.aspf() != null) {
        leaf(2, "aspf", p.aspf().token());
      }
      if (p.discoveryMethod() != null) {
        leaf(2, "discovery_method", p.discoveryMethod().token());
      }
      optional(2, "fo", p.fo());
      if (p.testing() != null) {
        leaf(2, "testing", p.testing() ? "y" : "n");
      }
      end(1);
    }

    private void record(ReportRecord r) throws XMLStreamException {
      start(1, "record");
      start(2, "row");
      leaf(3, "source_ip", InetAddresses.toAddrString(r.sourceIp()));
      leaf(3, "count", Long.toString(r.count()));
      PolicyEvaluated pe = r.policyEvaluated();
      start(3, "policy_evaluated");
      leaf(4, "disposition", pe.disposition().token());
      leaf(4, "dkim", (pe.dkim() == null ? DmarcResultType.FAIL : pe.dkim()).token());
      leaf(4, "spf", (pe.spf() == null ? DmarcResultType.FAIL : pe.spf()).token());
      for (PolicyOverrideReason reason : pe.reasons()) {
        start(4, "reason");
        String comment = reason.comment();
        PolicyOverrideType type = reason.type();
        if (type == PolicyOverrideType.FORWARDED || type == PolicyOverrideType.SAMPLED_OUT) {
          comment = comment == null ? type.token() : type.token() + ": " + comment;
          type = PolicyOverrideType.OTHER;
        }
        leaf(5, "type", type.token());
        optional(5, "comment", comment);
        end(4);
      }
      end(3);
      end(2);
      Identifiers ids = r.identifiers();
      start(2, "identifiers");
      leaf(3, "header_from", ids.headerFrom());
      if (ids.envelopeFrom() != null) {
        leaf(3, "envelope_from", ids.envelopeFrom());
      }
      optional(3, "envelope_to", ids.envelopeTo());
      end(2);
      start(2, "auth_results");
      for (DkimAuthResult d : r.dkim()) {
        start(3, "dkim");
        leaf(4, "domain", d.domain());
        leaf(4, "selector", d.selector() == null ? "" : d.selector());
        leaf(4, "result", d.result().token());
        optional(4, "human_result", d.humanResult());
        end(3);
      }
      for (SpfAuthResult s : r.spf()) {
        if (s.scope() == SpfDomainScope.HELO) {
          continue;
        }
        start(3, "spf");
        leaf(4, "domain", s.domain());
        if (s.scope() != null) {
          leaf(4, "scope", s.scope().token());
        }
        leaf(4, "result", s.result().token());
        optional(4, "human_result", s.humanResult());
        end(3);
        break;
      }
      end(2);
      for (String x : r.extensions()) {
        nl(2);
        copy(x);
      }
      end(1);
    }

    private void start(int depth, String name) throws XMLStreamException {
      nl(depth);
      w.writeStartElement(NAMESPACE, name);
    }

    private void end(int depth) throws XMLStreamException {
      nl(depth);
      w.writeEndElement();
    }

    private void leaf(int depth, String name, String value) throws XMLStreamException {
      nl(depth);
      w.writeStartElement(NAMESPACE, name);
      w.writeCharacters(checked(value, name));
      w.writeEndElement();
    }

    private void optional(int depth, String name, @Nullable String value)
        throws XMLStreamException {
      if (value != null && !value.isEmpty()) {
        leaf(depth, name, value);
      }
    }

    private void nl(int depth) throws XMLStreamException {
      w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Copies well-formed XML text (an extension) into the output, namespaces repaired. */
    private void copy(String xml) throws XMLStreamException {
      XMLStreamReader r;
      try {
        r = extensionInput.createXMLStreamReader(new StringReader(xml));
        int depth = 0;
        while (r.hasNext()) {
          int ev = r.next();
          switch (ev) {
            case XMLStreamConstants.START_ELEMENT -> {
              depth++;
              String ns = r.getNamespaceURI();
              w.writeStartElement(
                  r.getPrefix() == null ? "" : r.getPrefix(),
                  r.getLocalName(),
                  ns == null ? "" : ns);
              for (int i = 0; i < r.getAttributeCount(); i++) {
                String ans = r.getAttributeNamespace(i);
                if (ans == null || ans.isEmpty()) {
                  w.writeAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
                } else {
                  w.writeAttribute(
                      r.getAttributePrefix(i),
                      ans,
                      r.getAttributeLocalName(i),
                      r.getAttributeValue(i));
                }
              }
            }
            case XMLStreamConstants.END_ELEMENT -> {
              depth--;
              w.writeEndElement();
            }
            case XMLStreamConstants.CHARACTERS,
                XMLStreamConstants.CDATA,
                XMLStreamConstants.SPACE -> {
              if (depth > 0) {
                w.writeCharacters(checked(r.getText(), "extension"));
              }
            }
            case XMLStreamConstants.DTD ->
                throw new IllegalArgumentException("an extension with a DOCTYPE: " + xml);
            default -> {
              // comments and processing instructions are not copied
            }
          }
        }
      } catch (XMLStreamException e) {
        throw new IllegalArgumentException("an extension that is not well-formed XML: " + xml, e);
      }
    }
  }

  /** The text, if XML 1.0 can carry every character of it. */
  private static String checked(String s, String element) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 0x20 && c <= 0xd7ff
              || c == '\t'
              || c == '\n'
              || c == '\r'
              || c >= 0xe000 && c <= 0xfffd
              || Character.isSurrogate(c);
      if (!ok) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "<%s> holds U+%04X, which XML 1.0 cannot carry", element, (int) c));
      }
    }
    return s;
  }
}
