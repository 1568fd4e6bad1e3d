// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import com.ctc.wstx.exc.WstxEOFException;
import com.ctc.wstx.exc.WstxLazyException;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.report.internal.IoProblems;
import org.dmarcpilot.report.internal.SecureXml;
import org.dmarcpilot.report.internal.Sizes;
import org.jspecify.annotations.Nullable;

/**
 * Reads the XML of one aggregate report (RFC 7489 Appendix C, RFC 9990 and what reporters really
 * send), streaming with StAX (Woodstox). Namespace-agnostic (none, {@code
 * urn:ietf:params:xml:ns:dmarc-2.0}, the draft {@code http://dmarc.org/dmarc-xml/0.1|0.2}, any
 * prefix) and lenient: every repair becomes a {@link org.dmarcpilot.report.ReportIssue} on the
 * result, never a log line. Data a report cannot do without gives a {@link ReportParseException}
 * naming input, position and problem.
 *
 * <pre>{@code
 * AggregateReportReader reader = new AggregateReportReader(ReportLimits.DEFAULTS);
 * AggregateReport report = reader.read(in, "google.com!example.com!1700000000!1700086399.xml");
 * }</pre>
 *
 * <p>Documents up to {@link ReportLimits#repairableXmlBytes()} are read in memory: when one is not
 * well-formed, {@link XmlRepair} repairs what reporters are known to break (stray {@code <} and
 * {@code &} in text, bytes invalid in the encoding, a broken declaration) and the document is read
 * a second time. Larger documents are read in one streaming pass and are not repaired; {@link
 * #stream} then hands records over as they are read, so no size needs the whole report in memory.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AggregateReportReader {
  private final ReportLimits limits;
  private final XMLInputFactory firstPass;
  private final XMLInputFactory repairPass;

  /** A reader with these limits. */
  public AggregateReportReader(ReportLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.firstPass = SecureXml.inputFactory(limits, true);
    this.repairPass = SecureXml.inputFactory(limits, false);
  }

  /**
   * Reads a whole report into memory.
   *
   * @param xml the XML bytes; read up to {@code </feedback>}, not closed
   * @param inputName the name used in issues and exceptions
   * @throws ReportParseException if the document is not a usable aggregate report
   * @throws IOException if reading {@code xml} fails
   */
  public AggregateReport read(InputStream xml, String inputName)
      throws ReportParseException, IOException {
    Collector c = new Collector();
    ReportTrailer t = stream(xml, inputName, c);
    return c.report(t);
  }

  /**
   * Reads a whole report from bytes.
   *
   * @throws ReportParseException if the document is not a usable aggregate report
   */
  public AggregateReport read(byte[] xml, String inputName) throws ReportParseException {
    try {
      return read(new ByteArrayInputStream(xml), inputName);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail", e);
    }
  }

  /**
   * Reads a report and hands it to {@code sink}: the header, then each record. Returns the totals,
   * extensions and issues. A document that fails after the header was handed over (only possible
   * past {@link ReportLimits#repairableXmlBytes()}) throws; the caller must discard what it got.
   *
   * @param xml the XML bytes; read up to {@code </feedback>}, not closed
   * @param inputName the name used in issues and exceptions
   * @param sink receives header and records
   * @throws ReportParseException if the document is not a usable aggregate report
   * @throws IOException if reading {@code xml} fails
   */
  public ReportTrailer stream(InputStream xml, String inputName, RecordSink sink)
      throws ReportParseException, IOException {
    Objects.requireNonNull(xml, "xml");
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(sink, "sink");
    byte[] head = xml.readNBytes(limits.repairableXmlBytes() + 1);
    if (head.length <= limits.repairableXmlBytes()) {
      return inMemory(head, inputName, sink);
    }
    InputStream all =
        new SequenceInputStream(
            new ByteArrayInputStream(head),
            new FilterInputStream(xml) {
              @Override
              public void close() {
                // SequenceInputStream closes a stream at its end; the caller owns this one
              }
            });
    head = null; // the sequence holds it until it is read
    return streaming(all, inputName, sink);
  }

  private ReportTrailer inMemory(byte[] bytes, String inputName, RecordSink sink)
      throws ReportParseException {
    if (bytes.length == 0) {
      throw new ReportParseException(inputName, "empty document (0 bytes)");
    }
    Collector first = new Collector();
    ReportTrailer trailer;
    try {
      trailer =
          parse(
              firstPass.createXMLStreamReader(new ByteArrayInputStream(bytes)),
              inputName,
              first,
              true,
              new IssueCollector(limits.maxIssues()));
      first.replay(sink);
      return trailer;
    } catch (XMLStreamException broken) {
      if (isLimit(broken)) {
        throw unreadable(inputName, broken, null);
      }
      IssueCollector issues = new IssueCollector(limits.maxIssues());
      int[] at = position(broken);
      issues.add(
          "not-well-formed",
          at[0],
          at[1],
          "the XML is not well-formed ("
              + firstLine(broken)
              + "); it was repaired as noted below and read again");
      Collector second = new Collector();
      try {
        trailer =
            parse(
                repairPass.createXMLStreamReader(XmlRepair.reader(bytes, bytes.length, issues)),
                inputName,
                second,
                false,
                issues);
      } catch (XMLStreamException stillBroken) {
        throw unreadable(inputName, broken, stillBroken);
      }
      second.replay(sink);
      return trailer;
    }
  }

  private ReportTrailer streaming(InputStream in, String inputName, RecordSink sink)
      throws ReportParseException, IOException {
    try {
      return parse(
          firstPass.createXMLStreamReader(in),
          inputName,
          sink,
          true,
          new IssueCollector(limits.maxIssues()));
    } catch (XMLStreamException e) {
      Exception io = IoProblems.rootIo(e);
      if (io instanceof IOException ioe && !(io instanceof CharConversionException)) {
        throw ioe; // the bytes could not be read (a broken gzip, a limit): not an XML problem
      }
      ReportParseException p = unreadable(inputName, e, null);
      throw new ReportParseException(
          inputName,
          p.line(),
          p.column(),
          p.problem()
              + " (reports larger than "
              + Sizes.human(limits.repairableXmlBytes())
              + " are not repaired)",
          e);
    }
  }

  private ReportTrailer parse(
      XMLStreamReader r,
      String inputName,
      RecordSink sink,
      boolean namespaceAware,
      IssueCollector issues)
      throws XMLStreamException, ReportParseException {
    try {
      XmlCursor x = new XmlCursor(r, inputName, issues, limits.maxTextLength(), namespaceAware);
      return new FeedbackParser(x, sink, limits).parse();
    } catch (WstxLazyException e) {
      XMLStreamException cause =
          e.getCause() instanceof XMLStreamException c ? c : new XMLStreamException(e);
      throw located(cause, r);
    } catch (XMLStreamException e) {
      throw located(e, r);
    } finally {
      r.close();
    }
  }

  /** A limit error with the reader's position (Woodstox gives it none). */
  private static XMLStreamException located(XMLStreamException e, XMLStreamReader r) {
    if (e.getLocation() != null || r.getLocation() == null || !isLimit(e)) {
      return e;
    }
    return new LocatedException(e, r.getLocation());
  }

  /** An exception with a position added, and the message of the original. */
  private static final class LocatedException extends XMLStreamException {
    private static final long serialVersionUID = 1L;

    LocatedException(XMLStreamException e, Location where) {
      super(firstLine(e), e);
      this.location = where;
    }
  }

  /** Whether Woodstox stopped because a limit was reached; repairing cannot help then. */
  private static boolean isLimit(XMLStreamException e) {
    String m = firstLine(e).toLowerCase(Locale.ROOT);
    return m.contains("limit") && m.contains("exceeded");
  }

  private static ReportParseException unreadable(
      String inputName, XMLStreamException first, @Nullable XMLStreamException second) {
    int[] at = position(second instanceof WstxEOFException ? second : first);
    String problem;
    if (first instanceof WstxEOFException || second instanceof WstxEOFException) {
      problem =
          "the document ends before </feedback> (truncated?): "
              + firstLine(second instanceof WstxEOFException ? second : first);
    } else if (isLimit(first)) {
      problem = "a limit was reached: " + firstLine(first);
    } else if (IoProblems.rootIo(first) instanceof CharConversionException) {
      problem = "bytes that are not valid in the document's encoding: " + firstLine(first);
    } else {
      problem = "not well-formed XML: " + firstLine(first);
      if (second != null) {
        int[] at2 = position(second);
        problem +=
            "; after repairs still: "
                + firstLine(second)
                + (at2[0] > 0 ? " at line " + at2[0] : "");
      }
    }
    return new ReportParseException(inputName, at[0], at[1], problem, first);
  }

  private static int[] position(XMLStreamException e) {
    Location l = e.getLocation();
    if (l == null) {
      return new int[] {0, 0};
    }
    return new int[] {Math.max(0, l.getLineNumber()), Math.max(0, l.getColumnNumber())};
  }

  /** The first line of an exception's message, without Woodstox's location suffix. */
  static String firstLine(Exception e) {
    Exception io = IoProblems.rootIo(e);
    String m = io != null && io.getMessage() != null ? io.getMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return (nl >= 0 ? m.substring(0, nl) : m).trim();
  }

  /** Holds a report's header and records in memory. */
  static final class Collector implements RecordSink {
    @Nullable ReportHeader header;
    final List<ReportRecord> records = new ArrayList<>();

    @Override
    public void header(ReportHeader h) {
      header = h;
    }

    @Override
    public void record(ReportRecord record) {
      records.add(record);
    }

    void replay(RecordSink sink) {
      if (header != null) {
        sink.header(header);
      }
      for (ReportRecord r : records) {
        sink.record(r);
      }
    }

    AggregateReport report(ReportTrailer t) {
      if (header == null) {
        throw new IllegalStateException("no header"); // the parser throws before
      }
      return AggregateReport.of(header, records, t.extensions(), t.issues());
    }
  }
}
