// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.dmarcpilot.report.ReportParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code <record>}: {@code row} (source IP, count, policy evaluated), {@code identifiers}
 * (also the misspelt {@code identities}), {@code auth_results}, and any other element as a
 * record-level extension. A record without a usable source IP or count is skipped with an issue,
 * never guessed: an IP that is not an IP, a count that is negative, not a number or past {@code
 * long}.
 */
final class RecordParser {
  private final XmlCursor x;

  // the record being read
  private @Nullable InetAddress address;
  private @Nullable String ip;
  private long countValue = -1;
  private @Nullable String count;
  private boolean sawRow;
  private @Nullable DispositionType disposition;
  private @Nullable DmarcResultType dkimVerdict;
  private @Nullable DmarcResultType spfVerdict;
  private final List<PolicyOverrideReason> reasons = new ArrayList<>();
  private boolean sawEvaluated;
  private @Nullable String headerFrom;
  private @Nullable String envelopeFrom;
  private @Nullable String envelopeTo;
  private boolean sawIdentifiers;
  private final List<DkimAuthResult> dkim = new ArrayList<>();
  private final List<SpfAuthResult> spf = new ArrayList<>();
  private final List<String> extensions = new ArrayList<>();

  RecordParser(XmlCursor x) {
    this.x = x;
  }

  private int line;
  private int column;

  /** The line of the last record's start tag. */
  int line() {
    return line;
  }

  /** The column of the last record's start tag. */
  int column() {
    return column;
  }

  /** Reads the current {@code <record>}; null when it was skipped (with an issue). */
  @Nullable ReportRecord record() throws XMLStreamException, ReportParseException {
    line = x.line();
    column = x.column();
    reset();
    while (x.nextTag("record") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "row" -> {
          if (sawRow) {
            x.issues.add("duplicate:row", line, column, "a second <row> in a record was ignored");
            x.skip();
          } else {
            sawRow = true;
            row();
          }
        }
        case "identifiers", "identities" -> {
          if (name.equals("identities")) {
            x.issue("identities", "<identities> read as <identifiers>");
          }
          sawIdentifiers = true;
          identifiers(name);
        }
        case "auth_results" -> authResults();
        default -> extension(name);
      }
    }
    if (!sawRow || address == null && (ip == null || ip.isEmpty())) {
      x.issues.add(
          "record-no-ip",
          line,
          column,
          "a record without " + (sawRow ? "<source_ip>" : "<row>") + " was skipped");
      return null;
    }
    InetAddress source = address != null ? address : IpLiterals.address(ip);
    if (source == null) {
      x.issues.add(
          "record-bad-ip:" + ip,
          line,
          column,
          "source_ip "
              + XmlCursor.quote(ip)
              + " is not an IP address; the record ("
              + (countValue >= 0 ? Long.toString(countValue) : count == null ? "no" : count)
              + " messages) was skipped");
      return null;
    }
    long n = countValue >= 0 ? countValue : count(source);
    if (n < 0) {
      return null;
    }
    if (!sawEvaluated) {
      x.issues.add(
          "no-evaluated", line, column, "a record without <policy_evaluated>: disposition none");
    } else if (disposition == null) {
      x.issues.add(
          "no-disposition", line, column, "a record without a <disposition>: read as none");
    }
    if (sawEvaluated && (dkimVerdict == null || spfVerdict == null)) {
      x.issues.add(
          "no-verdict",
          line,
          column,
          "<policy_evaluated> without a "
              + (dkimVerdict == null ? "dkim" : "spf")
              + " result; it is left empty");
    }
    if (headerFrom == null) {
      x.issues.add(
          "no-header-from",
          line,
          column,
          sawIdentifiers
              ? "<identifiers> without <header_from>"
              : "a record without <identifiers>");
    }
    return new ReportRecord(
        source,
        n,
        new PolicyEvaluated(
            disposition == null ? DispositionType.NONE : disposition,
            dkimVerdict,
            spfVerdict,
            List.copyOf(reasons)),
        new Identifiers(headerFrom == null ? "" : headerFrom, envelopeFrom, envelopeTo),
        List.copyOf(dkim),
        List.copyOf(spf),
        List.copyOf(extensions));
  }

  private void reset() {
    address = null;
    ip = null;
    countValue = -1;
    count = null;
    sawRow = false;
    disposition = null;
    dkimVerdict = null;
    spfVerdict = null;
    reasons.clear();
    sawEvaluated = false;
    headerFrom = null;
    envelopeFrom = null;
    envelopeTo = null;
    sawIdentifiers = false;
    dkim.clear();
    spf.clear();
    extensions.clear();
  }

  private void extension(String name) throws XMLStreamException, ReportParseException {
    boolean namespaced = x.ownNamespace();
    String written = x.written();
    String xml = x.capture();
    if (xml == null) {
      x.issue("ext-too-long:" + name, "record extension <" + written + "> is too long; dropped");
      return;
    }
    if (!namespaced) {
      x.issue(
          "ext-no-ns:" + name,
          "unknown element <"
              + written
              + "> in <record> is not in a namespace of its own; kept as an extension");
    }
    extensions.add(xml);
  }

  private void row() throws XMLStreamException, ReportParseException {
    while (x.nextTag("row") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "source_ip" -> {
          Object v = x.parsedOrText(name, IPV4);
          if (v instanceof InetAddress a) {
            address = a;
          } else {
            ip = (String) v;
          }
        }
        case "count" -> {
          Object v = x.parsedOrText(name, COUNT);
          if (v instanceof Long l) {
            countValue = l;
          } else {
            count = (String) v;
          }
        }
        case "policy_evaluated" -> {
          sawEvaluated = true;
          policyEvaluated();
        }
        default -> x.unknown("row", name);
      }
    }
  }

  private void policyEvaluated() throws XMLStreamException, ReportParseException {
    while (x.nextTag("policy_evaluated") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "disposition" -> disposition = x.word(name, Words.DISPOSITION, Map.of());
        case "dkim" -> dkimVerdict = x.word(name, Words.DMARC_RESULT, Map.of());
        case "spf" -> spfVerdict = x.word(name, Words.DMARC_RESULT, Map.of());
        case "reason" -> reason();
        default -> x.unknown("policy_evaluated", name);
      }
    }
  }

  private void reason() throws XMLStreamException, ReportParseException {
    String type = null;
    String comment = null;
    int reasonLine = x.line();
    int reasonColumn = x.column();
    int typeLine = reasonLine;
    int typeColumn = reasonColumn;
    while (x.nextTag("reason") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "type" -> {
          typeLine = x.line();
          typeColumn = x.column();
          type = x.text(name);
        }
        case "comment" -> comment = x.text(name);
        default -> x.unknown("reason", name);
      }
    }
    comment = comment == null || comment.isEmpty() ? null : comment;
    PolicyOverrideType t;
    if (type == null || type.isEmpty()) {
      if (comment == null) {
        x.issues.add("empty-reason", reasonLine, reasonColumn, "an empty <reason> was ignored");
        return;
      }
      x.issues.add(
          "reason-no-type", reasonLine, reasonColumn, "a <reason> without a type: read as other");
      t = PolicyOverrideType.OTHER;
    } else {
      t = x.word("type", type, Words.OVERRIDE, Map.of(), typeLine, typeColumn);
      if (t == null) {
        t = PolicyOverrideType.OTHER;
        comment = comment == null ? type : type + ": " + comment;
      }
    }
    reasons.add(new PolicyOverrideReason(t, comment));
  }

  private void identifiers(String element) throws XMLStreamException, ReportParseException {
    while (x.nextTag(element) == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "header_from" -> headerFrom = FeedbackParser.lower(x.text(name));
        case "envelope_from" -> envelopeFrom = FeedbackParser.lower(x.text(name));
        case "envelope_to" -> {
          String v = x.text(name);
          envelopeTo = v.isEmpty() ? null : FeedbackParser.lower(v);
        }
        default -> x.unknown(element, name);
      }
    }
  }

  private void authResults() throws XMLStreamException, ReportParseException {
    while (x.nextTag("auth_results") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "dkim" -> dkimResult();
        case "spf" -> spfResult();
        default -> x.unknown("auth_results", name);
      }
    }
  }

  private void dkimResult() throws XMLStreamException, ReportParseException {
    String domain = null;
    String selector = null;
    DkimResultType r = null;
    boolean sawResult = false;
    String human = null;
    while (x.nextTag("dkim") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "domain" -> domain = x.text(name);
        case "selector" -> selector = x.text(name);
        case "result" -> {
          sawResult = true;
          r = x.word(name, Words.DKIM_RESULT, Map.of());
        }
        case "human_result" -> human = x.text(name);
        default -> x.unknown("dkim", name);
      }
    }
    if (domain == null || domain.isEmpty()) {
      x.issue("dkim-no-domain", "a DKIM result without a domain was dropped");
      return;
    }
    if (!sawResult) {
      x.issue("dkim-no-result", "a DKIM result without <result>: read as none");
      r = DkimResultType.NONE;
    } else if (r == null) {
      x.issue("dkim-bad-result", "a DKIM result that could not be read was dropped");
      return;
    }
    dkim.add(
        new DkimAuthResult(
            FeedbackParser.lower(domain),
            selector == null || selector.isEmpty() ? null : selector,
            r,
            human == null || human.isEmpty() ? null : human));
  }

  private void spfResult() throws XMLStreamException, ReportParseException {
    String domain = null;
    SpfDomainScope scope = null;
    SpfResultType r = null;
    boolean sawResult = false;
    String human = null;
    while (x.nextTag("spf") == XMLStreamConstants.START_ELEMENT) {
      String name = x.local();
      switch (name) {
        case "domain" -> domain = x.text(name);
        case "scope" -> scope = x.word(name, Words.SPF_SCOPE, Words.SPF_ALIASES);
        case "result" -> {
          sawResult = true;
          r = x.word(name, Words.SPF_RESULT, Words.SPF_ALIASES);
        }
        case "human_result" -> human = x.text(name);
        default -> x.unknown("spf", name);
      }
    }
    if (domain == null) {
      x.issue("spf-no-domain", "an SPF result without <domain>");
      domain = "";
    }
    if (!sawResult) {
      x.issue("spf-no-result", "an SPF result without <result>: read as none");
      r = SpfResultType.NONE;
    } else if (r == null) {
      x.issue("spf-bad-result", "an SPF result that could not be read was dropped");
      return;
    }
    spf.add(
        new SpfAuthResult(
            FeedbackParser.lower(domain),
            scope,
            r,
            human == null || human.isEmpty() ? null : human));
  }

  /** The count, or -1 when the record is skipped (with an issue). */
  private long count(InetAddress source) {
    String c = count;
    String what;
    if (c == null || c.isEmpty()) {
      what = "a record without <count>";
    } else if (MetadataParser.digits(c, 0, c.length())) {
      if (c.length() < 19) {
        return Long.parseLong(c);
      }
      try {
        return Long.parseLong(c);
      } catch (NumberFormatException e) {
        what = "count " + XmlCursor.quote(c) + " is larger than " + Long.MAX_VALUE;
      }
    } else {
      int dot = c.indexOf('.');
      if (dot > 0
          && MetadataParser.digits(c, 0, dot)
          && c.substring(dot + 1).chars().allMatch(ch -> ch == '0')
          && dot < 19) {
        x.issues.add(
            "count-fraction",
            line,
            column,
            "count " + XmlCursor.quote(c) + " read as a whole number");
        return Long.parseLong(c.substring(0, dot));
      }
      what =
          c.startsWith("-")
              ? "negative count " + XmlCursor.quote(c)
              : "count " + XmlCursor.quote(c) + " is not a whole number";
    }
    x.issues.add(
        "record-bad-count:" + c,
        line,
        column,
        what + "; the record (source " + InetAddresses.toAddrString(source) + ") was skipped");
    return -1;
  }

  /** Dotted IPv4 addresses, parsed from the parser's characters. */
  private static final XmlCursor.CharValue IPV4 =
      new XmlCursor.CharValue() {
        @Override
        public @Nullable Object parse(char[] chars, int start, int length) {
          byte[] v4 = IpLiterals.ipv4(chars, start, length);
          try {
            return v4 == null ? null : InetAddress.getByAddress(v4);
          } catch (UnknownHostException e) {
            return null; // cannot happen for 4 bytes
          }
        }

        @Override
        public String text(Object value) {
          return InetAddresses.toAddrString((InetAddress) value);
        }
      };

  /** Counts of up to 18 digits, parsed from the parser's characters. */
  private static final XmlCursor.CharValue COUNT =
      new XmlCursor.CharValue() {
        @Override
        public @Nullable Object parse(char[] chars, int start, int length) {
          if (length == 0 || length > 18) {
            return null;
          }
          long v = 0;
          for (int i = start, end = start + length; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
              return null;
            }
            v = v * 10 + (c - '0');
          }
          return v;
        }

        @Override
        public String text(Object value) {
          return value.toString();
        }
      };
}
