// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import com.ctc.wstx.exc.WstxLazyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code <feedback>} document from a StAX reader: the root (past a wrapper such as {@code
 * <xs:schema>}), {@code version}, {@code report_metadata}, {@code policy_published}, {@code
 * extension}, and hands each {@code record} to the sink as soon as the header is complete. It stops
 * at {@code </feedback>}; whatever follows is not read.
 *
 * <p>Elements are matched by local name in any namespace and in any order. Every repair is noted in
 * the {@link IssueCollector}; data a report cannot do without (report_id, date_range, the policy
 * domain) gives a {@link ReportParseException}.
 */
final class FeedbackParser {
  private final XmlCursor x;
  private final RecordSink sink;
  private final ReportLimits limits;
  private final RecordParser records;

  private @Nullable String version;
  private ReportSchema schema = ReportSchema.NONE;
  private @Nullable ReportMetadata metadata;
  private @Nullable PolicyPublished policy;
  private boolean headerSent;
  private boolean wrapped;
  private final List<ReportRecord> early = new ArrayList<>();
  private final List<String> extensions = new ArrayList<>();
  private long recordCount;
  private long messageCount;

  FeedbackParser(XmlCursor x, RecordSink sink, ReportLimits limits) {
    this.x = x;
    this.sink = sink;
    this.limits = limits;
    this.records = new RecordParser(x);
  }

  /** Reads the document up to {@code </feedback>}. */
  ReportTrailer parse() throws XMLStreamException, ReportParseException {
    root();
    feedback();
    if (!wrapped) {
      epilog(); // in a wrapper, what follows is the wrapper's (real ones are not always closed)
    }
    return new ReportTrailer(recordCount, messageCount, extensions, x.issues.issues());
  }

  /**
   * Reads what follows {@code </feedback>}: XML allows only comments, processing instructions and
   * white space there. Anything else, such as a second report pasted after the first, is not read
   * and is noted as an issue, never dropped without a word. Reading on is bounded as the rest of
   * the document is (the text, element and input limits).
   */
  private void epilog() {
    int line = x.line();
    int column = x.column();
    String what;
    try {
      while (x.r.hasNext()) {
        if (x.r.next() == XMLStreamConstants.START_ELEMENT) {
          break; // Woodstox throws first; a reader that does not still gets here
        }
      }
      if (!x.r.hasNext()) {
        return;
      }
      what = "an element <" + XmlCursor.cut(x.local()) + ">";
    } catch (XMLStreamException | WstxLazyException e) {
      what = AggregateReportReader.firstLine(e);
    }
    x.issues.add(
        "epilog",
        line,
        column,
        "content after </feedback> was not read (a second report?): " + what);
  }

  private void root() throws XMLStreamException, ReportParseException {
    XMLStreamReader r = x.r;
    while (true) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        break;
      }
      if (ev == XMLStreamConstants.DTD) {
        throw x.doctype();
      }
      if (ev == XMLStreamConstants.END_DOCUMENT) {
        throw x.error("no XML element at all: not a report");
      }
    }
    if (!x.local().equals("feedback")) {
      String root = x.written();
      int line = x.line();
      int column = x.column();
      boolean found = false;
      String broken = "";
      try {
        while (r.hasNext()) {
          int ev = r.next();
          if (ev == XMLStreamConstants.START_ELEMENT && x.local().equals("feedback")) {
            found = true;
            break;
          }
          if (ev == XMLStreamConstants.DTD) {
            throw x.doctype();
          }
        }
      } catch (XMLStreamException | WstxLazyException e) {
        broken = " (and the XML is not well-formed: " + AggregateReportReader.firstLine(e) + ")";
      }
      if (!found) {
        throw new ReportParseException(
            x.input,
            line,
            column,
            "not an aggregate report: the root element is <" + root + ">, not <feedback>" + broken,
            null);
      }
      wrapped = true;
      x.issues.add(
          "wrapper",
          line,
          column,
          "the report is wrapped in <" + root + ">; the wrapper was ignored");
    }
    String ns = x.namespace();
    x.reportNamespace = ns;
    if (ns != null) {
      schema = null;
      for (ReportSchema s : ReportSchema.values()) {
        if (ns.equals(s.namespace())) {
          schema = s;
        }
      }
      if (schema == null) {
        schema = ReportSchema.NONE;
        x.issue("namespace", "unknown namespace " + XmlCursor.quote(ns) + "; read as RFC 7489");
      }
    }
  }

  private void feedback() throws XMLStreamException, ReportParseException {
    while (x.nextTag("feedback") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "version" -> {
          String v = x.text(name);
          if (version != null) {
            x.issue("duplicate:version", "a second <version> was ignored");
          } else if (!v.isEmpty()) {
            version = v;
          }
        }
        case "report_metadata" -> {
          if (metadata != null) {
            x.issue("duplicate:" + name, "a second <report_metadata> was ignored");
            x.skip();
          } else {
            metadata = new MetadataParser(x).metadata();
            header();
          }
        }
        case "policy_published" -> {
          if (policy != null) {
            x.issue("duplicate:" + name, "a second <policy_published> was ignored");
            x.skip();
          } else {
            policy = policy();
            header();
          }
        }
        case "extension" -> extension();
        case "record" -> {
          ReportRecord rec = records.record();
          if (rec != null) {
            deliver(rec);
          }
        }
        default -> x.unknown("feedback", name);
      }
    }
    if (metadata == null) {
      throw x.error("the report has no <report_metadata>");
    }
    if (policy == null) {
      throw x.error("the report has no <policy_published>");
    }
    if (recordCount == 0) {
      x.issue("no-records", "the report has no records");
    }
  }

  private void deliver(ReportRecord rec) throws ReportParseException {
    try {
      messageCount = Math.addExact(messageCount, rec.count());
    } catch (ArithmeticException e) {
      throw new ReportParseException(
          x.input,
          records.line(),
          records.column(),
          "the record counts add up to more than " + Long.MAX_VALUE + " messages",
          null);
    }
    recordCount++;
    if (headerSent) {
      sink.record(rec);
      return;
    }
    if (early.size() >= limits.maxBufferedRecords()) {
      throw x.error(
          "more than "
              + limits.maxBufferedRecords()
              + " records before <report_metadata> and <policy_published> (limit maxBufferedRecords)");
    }
    if (early.isEmpty()) {
      x.issues.add(
          "early-record",
          records.line(),
          records.column(),
          "records before <report_metadata> or <policy_published> (out of order)");
    }
    early.add(rec);
  }

  private void header() {
    if (headerSent || metadata == null || policy == null) {
      return;
    }
    headerSent = true;
    sink.header(new ReportHeader(version, schema, metadata, policy));
    for (ReportRecord rec : early) {
      sink.record(rec);
    }
    early.clear();
  }

  private void extension() throws XMLStreamException, ReportParseException {
    while (x.nextTag("extension") == XMLStreamConstants.START_ELEMENT) {
      String name = x.written();
      boolean own = x.ownNamespace();
      String xml = x.capture();
      if (xml == null) {
        x.issue(
            "extension-too-long",
            "extension <"
                + name
                + "> is longer than "
                + limits.maxTextLength()
                + " characters; dropped");
        continue;
      }
      if (!own) {
        x.issue(
            "extension-ns:" + name,
            "extension <" + name + "> is not in a namespace of its own (RFC 9990); kept");
      }
      extensions.add(xml);
    }
  }

  private PolicyPublished policy() throws XMLStreamException, ReportParseException {
    int line = x.line();
    int column = x.column();
    String domain = null;
    Policy p = null;
    Policy sp = null;
    Policy np = null;
    AlignmentMode adkim = null;
    AlignmentMode aspf = null;
    Integer pct = null;
    String fo = null;
    Boolean testing = null;
    DiscoveryMethod discovery = null;
    boolean sawP = false;
    while (x.nextTag("policy_published") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "domain" -> domain = x.once(name, domain);
        case "p" -> {
          sawP = true;
          p = x.word(name, Words.POLICY, Map.of());
        }
        case "sp" -> sp = x.word(name, Words.POLICY, Map.of());
        case "np" -> np = x.word(name, Words.POLICY, Map.of());
        case "adkim" -> adkim = x.word(name, Words.ALIGNMENT, ALIGNMENT_ALIASES);
        case "aspf" -> aspf = x.word(name, Words.ALIGNMENT, ALIGNMENT_ALIASES);
        case "pct" -> {
          int l = x.line();
          int c = x.column();
          pct = pct(x.text(name), l, c);
        }
        case "fo" -> {
          String v = x.text(name);
          fo = v.isEmpty() ? null : v;
        }
        case "testing" -> testing = x.word(name, Words.TESTING, TESTING_ALIASES);
        case "discovery_method" -> discovery = x.word(name, Words.DISCOVERY, Map.of());
        default -> x.unknown("policy_published", name);
      }
    }
    if (domain == null || domain.isEmpty()) {
      throw new ReportParseException(
          x.input, line, column, "<policy_published> has no domain", null);
    }
    if (!sawP) {
      x.issues.add("no-p", line, column, "<policy_published> has no <p>; none is assumed");
    }
    return new PolicyPublished(
        policyDomain(domain, line, column), p, sp, np, adkim, aspf, pct, fo, testing, discovery);
  }

  /**
   * The policy domain in the form the store keys reports by and the rest of the system names
   * domains in ({@link DomainNames#normalize}: lower case, A-labels, no trailing dot), with an
   * issue when that took more than lower-casing; a value that is no domain name rejects the report.
   */
  private String policyDomain(String domain, int line, int column) throws ReportParseException {
    String n = DomainNames.normalize(domain);
    if (!DomainNames.isValid(n)) {
      throw new ReportParseException(
          x.input,
          line,
          column,
          "<policy_published> <domain> " + XmlCursor.quote(domain) + " is not a domain name",
          null);
    }
    if (!n.equals(lower(domain))) {
      x.issues.add(
          "domain-normalized",
          line,
          column,
          "<domain> " + XmlCursor.quote(domain) + " read as " + n);
    }
    return n;
  }

  private static final Map<String, String> ALIGNMENT_ALIASES =
      Map.of("relaxed", "r", "strict", "s");
  private static final Map<String, String> TESTING_ALIASES =
      Map.of("yes", "y", "no", "n", "true", "y", "false", "n");

  private @Nullable Integer pct(String text, int line, int column) {
    if (text.isEmpty()) {
      x.issues.add("empty:pct", line, column, "empty <pct> ignored");
      return null;
    }
    String t = text;
    int dot = t.indexOf('.');
    if (dot > 0
        && MetadataParser.digits(t, 0, dot)
        && MetadataParser.digits(t, dot + 1, t.length())) {
      t = t.substring(0, dot);
    }
    if (!MetadataParser.digits(t, 0, t.length()) || t.length() > 3 || Integer.parseInt(t) > 100) {
      x.issues.add(
          "bad-pct",
          line,
          column,
          "<pct> " + XmlCursor.quote(text) + " is not a percentage; ignored");
      return null;
    }
    return Integer.parseInt(t);
  }

  /** Lower case (domains are case-insensitive), without allocating when already lower. */
  static String lower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' || c > 0x7f) {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }
}
