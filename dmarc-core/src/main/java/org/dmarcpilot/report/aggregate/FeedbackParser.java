// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
  /** 9999-12-31T23:59:59Z: later timestamps are not believed. */
  private static final long MAX_EPOCH = 253_402_300_799L;

  private final XmlCursor x;
  private final RecordSink sink;
  private final ReportLimits limits;
  private final RecordParser records;

  private @Nullable String version;
  private ReportSchema schema = ReportSchema.NONE;
  private @Nullable ReportMetadata metadata;
  private @Nullable PolicyPublished policy;
  private boolean headerSent;
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
    return new ReportTrailer(recordCount, messageCount, extensions, x.issues.issues());
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
      } catch (XMLStreamException e) {
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
            metadata = metadata();
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
        default -> unknown("feedback", name);
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
      throw x.error("the record counts add up to more than " + Long.MAX_VALUE + " messages");
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
      x.issue(
          "early-record", "records before <report_metadata> or <policy_published> (out of order)");
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

  private void unknown(String parent, String name) throws XMLStreamException, ReportParseException {
    x.issue(
        "unknown:" + parent + ":" + name,
        "unknown element <" + x.written() + "> in <" + parent + "> skipped");
    x.skip();
  }

  /** Reads a leaf once: a repeated element is noted and ignored. */
  private @Nullable String once(String name, @Nullable String current)
      throws XMLStreamException, ReportParseException {
    String v = x.text(name);
    if (current != null) {
      x.issue("duplicate:" + name, "a second <" + name + "> was ignored");
      return current;
    }
    return v;
  }

  private ReportMetadata metadata() throws XMLStreamException, ReportParseException {
    int line = x.line();
    int column = x.column();
    String org = null;
    String email = null;
    String extra = null;
    String id = null;
    String generator = null;
    Instant[] range = new Instant[2];
    List<String> errors = new ArrayList<>();
    while (x.nextTag("report_metadata") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "org_name" -> org = once(name, org);
        case "email" -> email = once(name, email);
        case "extra_contact_info" -> extra = once(name, extra);
        case "report_id" -> id = once(name, id);
        case "generator" -> generator = once(name, generator);
        case "error" -> {
          String e = x.text(name);
          if (!e.isEmpty()) {
            errors.add(e);
          }
        }
        case "date_range" -> dateRange(range);
        default -> unknown("report_metadata", name);
      }
    }
    if (id == null || id.isEmpty()) {
      throw new ReportParseException(
          x.input, line, column, "<report_metadata> has no report_id", null);
    }
    if (range[0] == null || range[1] == null) {
      throw new ReportParseException(
          x.input,
          line,
          column,
          "<report_metadata> has no date_range " + (range[0] == null ? "begin" : "end"),
          null);
    }
    if (range[1].isBefore(range[0])) {
      x.issues.add(
          "range-order",
          line,
          column,
          "date_range end " + range[1] + " is before begin " + range[0] + "; the two were swapped");
      Instant t = range[0];
      range[0] = range[1];
      range[1] = t;
    }
    email = email == null || email.isEmpty() ? null : email;
    if (org == null || org.isEmpty()) {
      String domain = emailDomain(email);
      if (domain == null) {
        throw new ReportParseException(
            x.input,
            line,
            column,
            "<report_metadata> has no org_name, and no email address to take a name from",
            null);
      }
      x.issues.add(
          "org-fallback",
          line,
          column,
          "empty <org_name>; the domain of <email> is used: " + domain);
      org = domain;
    }
    return new ReportMetadata(
        org,
        email,
        extra == null || extra.isEmpty() ? null : extra,
        id,
        range[0],
        range[1],
        errors,
        generator == null || generator.isEmpty() ? null : generator);
  }

  private static @Nullable String emailDomain(@Nullable String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return null;
    }
    StringBuilder d = new StringBuilder();
    for (int i = at + 1; i < email.length(); i++) {
      char c = email.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-') {
        d.append(c);
      } else {
        break;
      }
    }
    String domain = d.toString().toLowerCase(Locale.ROOT);
    return domain.isEmpty() ? null : domain;
  }

  private void dateRange(Instant[] range) throws XMLStreamException, ReportParseException {
    while (x.nextTag("date_range") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "begin" -> range[0] = epoch(name, x.text(name), range[0]);
        case "end" -> range[1] = epoch(name, x.text(name), range[1]);
        default -> unknown("date_range", name);
      }
    }
  }

  /** Seconds since 1970 (xs:integer); a fraction or an ISO 8601 time is a noted repair. */
  private Instant epoch(String element, String text, @Nullable Instant current)
      throws ReportParseException {
    if (current != null) {
      x.issue("duplicate:" + element, "a second <" + element + "> was ignored");
      return current;
    }
    if (text.isEmpty()) {
      throw x.error("empty <" + element + "> in <date_range>");
    }
    long v;
    if (digits(text, 0, text.length()) && text.length() <= 18) {
      v = Long.parseLong(text);
    } else {
      int dot = text.indexOf('.');
      if (dot > 0 && dot <= 18 && digits(text, 0, dot) && digits(text, dot + 1, text.length())) {
        v = Long.parseLong(text.substring(0, dot));
        x.issue(
            "fraction:" + element,
            "fractional timestamp " + XmlCursor.quote(text) + " in <" + element + "> read as " + v);
      } else {
        try {
          v = OffsetDateTime.parse(text).toEpochSecond();
          x.issue(
              "iso-time:" + element,
              "<" + element + "> " + XmlCursor.quote(text) + " is not in seconds; read as " + v);
        } catch (DateTimeException e) {
          throw x.error(
              "<"
                  + element
                  + "> "
                  + XmlCursor.quote(text)
                  + " is not a timestamp (seconds since 1970)");
        }
      }
    }
    if (v < 0 || v > MAX_EPOCH) {
      throw x.error("<" + element + "> " + XmlCursor.quote(text) + " is out of range");
    }
    return Instant.ofEpochSecond(v);
  }

  static boolean digits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
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
        case "domain" -> domain = once(name, domain);
        case "p" -> {
          sawP = true;
          p = x.word(name, x.text(name), Words.POLICY, Map.of());
        }
        case "sp" -> sp = x.word(name, x.text(name), Words.POLICY, Map.of());
        case "np" -> np = x.word(name, x.text(name), Words.POLICY, Map.of());
        case "adkim" -> adkim = x.word(name, x.text(name), Words.ALIGNMENT, ALIGNMENT_ALIASES);
        case "aspf" -> aspf = x.word(name, x.text(name), Words.ALIGNMENT, ALIGNMENT_ALIASES);
        case "pct" -> pct = pct(x.text(name));
        case "fo" -> {
          String v = x.text(name);
          fo = v.isEmpty() ? null : v;
        }
        case "testing" -> testing = x.word(name, x.text(name), TESTING, TESTING_ALIASES);
        case "discovery_method" ->
            discovery = x.word(name, x.text(name), Words.DISCOVERY, Map.of());
        default -> unknown("policy_published", name);
      }
    }
    if (domain == null || domain.isEmpty()) {
      throw new ReportParseException(
          x.input, line, column, "<policy_published> has no domain", null);
    }
    if (!sawP) {
      x.issues.add("no-p", line, column, "<policy_published> has no <p>; none is assumed");
    }
    return new PolicyPublished(lower(domain), p, sp, np, adkim, aspf, pct, fo, testing, discovery);
  }

  private static final Map<String, String> ALIGNMENT_ALIASES =
      Map.of("relaxed", "r", "strict", "s");
  private static final Map<String, Boolean> TESTING = Map.of("y", true, "n", false);
  private static final Map<String, String> TESTING_ALIASES =
      Map.of("yes", "y", "no", "n", "true", "y", "false", "n");

  private @Nullable Integer pct(String text) {
    if (text.isEmpty()) {
      x.issue("empty:pct", "empty <pct> ignored");
      return null;
    }
    String t = text;
    int dot = t.indexOf('.');
    if (dot > 0 && digits(t, 0, dot) && digits(t, dot + 1, t.length())) {
      t = t.substring(0, dot);
    }
    if (!digits(t, 0, t.length()) || t.length() > 3 || Integer.parseInt(t) > 100) {
      x.issue("bad-pct", "<pct> " + XmlCursor.quote(text) + " is not a percentage; ignored");
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
