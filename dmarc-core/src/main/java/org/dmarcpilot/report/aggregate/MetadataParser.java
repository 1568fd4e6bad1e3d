// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.dmarcpilot.report.ReportParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code <report_metadata>}: who reported (an empty {@code org_name} falls back to the domain
 * of {@code email}, noted), the report id, and the period, whose timestamps are read leniently (a
 * fraction or an ISO 8601 time is a noted repair; end before begin is swapped, noted).
 */
final class MetadataParser {
  /** 9999-12-31T23:59:59Z: later timestamps are not believed. */
  private static final long MAX_EPOCH = 253_402_300_799L;

  private final XmlCursor x;

  MetadataParser(XmlCursor x) {
    this.x = x;
  }

  /** Reads the current {@code <report_metadata>}. */
  ReportMetadata metadata() throws XMLStreamException, ReportParseException {
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
        case "org_name" -> org = x.once(name, org);
        case "email" -> email = x.once(name, email);
        case "extra_contact_info" -> extra = x.once(name, extra);
        case "report_id" -> id = x.once(name, id);
        case "generator" -> generator = x.once(name, generator);
        case "error" -> {
          String e = x.text(name);
          if (!e.isEmpty()) {
            errors.add(e);
          }
        }
        case "date_range" -> dateRange(range);
        default -> x.unknown("report_metadata", name);
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
        case "begin", "end" -> {
          int i = name.equals("begin") ? 0 : 1;
          int line = x.line();
          int column = x.column();
          range[i] = epoch(name, x.text(name), range[i], line, column);
        }
        default -> x.unknown("date_range", name);
      }
    }
  }

  /** Seconds since 1970 (xs:integer); a fraction or an ISO 8601 time is a noted repair. */
  private Instant epoch(
      String element, String text, @Nullable Instant current, int line, int column)
      throws ReportParseException {
    if (current != null) {
      x.issues.add("duplicate:" + element, line, column, "a second <" + element + "> was ignored");
      return current;
    }
    if (text.isEmpty()) {
      throw new ReportParseException(
          x.input, line, column, "empty <" + element + "> in <date_range>", null);
    }
    long v;
    if (digits(text, 0, text.length()) && text.length() <= 18) {
      v = Long.parseLong(text);
    } else {
      int dot = text.indexOf('.');
      if (dot > 0 && dot <= 18 && digits(text, 0, dot) && digits(text, dot + 1, text.length())) {
        v = Long.parseLong(text.substring(0, dot));
        x.issues.add(
            "fraction:" + element,
            line,
            column,
            "fractional timestamp " + XmlCursor.quote(text) + " in <" + element + "> read as " + v);
      } else {
        try {
          v = OffsetDateTime.parse(text).toEpochSecond();
          x.issues.add(
              "iso-time:" + element,
              line,
              column,
              "<" + element + "> " + XmlCursor.quote(text) + " is not in seconds; read as " + v);
        } catch (DateTimeException e) {
          throw new ReportParseException(
              x.input,
              line,
              column,
              "<"
                  + element
                  + "> "
                  + XmlCursor.quote(text)
                  + " is not a timestamp (seconds since 1970)",
              null);
        }
      }
    }
    if (v < 0 || v > MAX_EPOCH) {
      throw new ReportParseException(
          x.input,
          line,
          column,
          "<" + element + "> " + XmlCursor.quote(text) + " is out of range",
          null);
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
}
