// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.ExtractedReport;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.RecordAlignment;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.jspecify.annotations.Nullable;

/**
 * The machine-readable form of {@code show}: one row per record, with the report's metadata on
 * every row, the same columns in JSON and CSV. Numbers stay numbers in JSON ({@code count}, {@code
 * begin}, {@code end} are exact integers); lists are JSON arrays and {@code ;}-joined in CSV. A
 * report without records still gives one row, with the record columns empty.
 */
final class ShowRows {
  /** One row: a record (or null) of a report. */
  record Row(
      ExtractedReport report,
      int index,
      @Nullable ReportRecord record,
      @Nullable RecordAlignment alignment) {}

  private record Column(String name, Function<Row, @Nullable Object> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          col("input", r -> source(r).inputName()),
          col("message_number", r -> zeroToNull(source(r).messageNumber())),
          col("message_id", r -> source(r).messageId()),
          col("mime_part", r -> source(r).mimePart()),
          col("attachment", r -> source(r).attachmentName()),
          col("zip_member", r -> source(r).zipMember()),
          col("sha256", r -> r.report().sha256()),
          col("org_name", r -> meta(r).orgName()),
          col("email", r -> meta(r).email()),
          col("extra_contact_info", r -> meta(r).extraContactInfo()),
          col("report_id", r -> meta(r).reportId()),
          col("begin", r -> meta(r).begin().getEpochSecond()),
          col("end", r -> meta(r).end().getEpochSecond()),
          col("begin_utc", r -> meta(r).begin().toString()),
          col("end_utc", r -> meta(r).end().toString()),
          col("generator", r -> meta(r).generator()),
          col("errors", r -> meta(r).errors()),
          col("schema", r -> report(r).schema().name()),
          col("version", r -> report(r).version()),
          col("policy_domain", r -> policy(r).domain()),
          col("p", r -> policy(r).p() == null ? null : policy(r).p().token()),
          col("sp", r -> policy(r).sp() == null ? null : policy(r).sp().token()),
          col("np", r -> policy(r).np() == null ? null : policy(r).np().token()),
          col("adkim", r -> policy(r).adkim() == null ? null : policy(r).adkim().token()),
          col("aspf", r -> policy(r).aspf() == null ? null : policy(r).aspf().token()),
          col("pct", r -> policy(r).pct()),
          col("fo", r -> policy(r).fo()),
          col("testing", r -> policy(r).testing()),
          col(
              "discovery_method",
              r ->
                  policy(r).discoveryMethod() == null ? null : policy(r).discoveryMethod().token()),
          col(
              "report_issues",
              r -> report(r).issues().stream().map(ReportIssue::toString).toList()),
          col("row", r -> r.record() == null ? null : r.index() + 1),
          col(
              "source_ip",
              r -> r.record() == null ? null : InetAddresses.toAddrString(r.record().sourceIp())),
          col("count", r -> r.record() == null ? null : r.record().count()),
          col(
              "disposition",
              r -> r.record() == null ? null : r.record().policyEvaluated().disposition().token()),
          col(
              "reported_dkim",
              r -> {
                var v = r.record() == null ? null : r.record().policyEvaluated().dkim();
                return v == null ? null : v.token();
              }),
          col(
              "reported_spf",
              r -> {
                var v = r.record() == null ? null : r.record().policyEvaluated().spf();
                return v == null ? null : v.token();
              }),
          col(
              "reasons",
              r ->
                  r.record() == null
                      ? null
                      : r.record().policyEvaluated().reasons().stream()
                          .map(ShowRows::reason)
                          .toList()),
          col(
              "header_from",
              r -> r.record() == null ? null : r.record().identifiers().headerFrom()),
          col(
              "envelope_from",
              r -> r.record() == null ? null : r.record().identifiers().envelopeFrom()),
          col(
              "envelope_to",
              r -> r.record() == null ? null : r.record().identifiers().envelopeTo()),
          col("dkim_domains", r -> dkim(r, DkimAuthResult::domain)),
          col("dkim_selectors", r -> dkim(r, d -> d.selector() == null ? "" : d.selector())),
          col("dkim_results", r -> dkim(r, d -> d.result().token())),
          col("spf_domains", r -> spf(r, SpfAuthResult::domain)),
          col("spf_scopes", r -> spf(r, s -> s.scope() == null ? "" : s.scope().token())),
          col("spf_results", r -> spf(r, s -> s.result().token())),
          col("dkim_aligned", r -> r.alignment() == null ? null : r.alignment().dkimAligned()),
          col("spf_aligned", r -> r.alignment() == null ? null : r.alignment().spfAligned()),
          col(
              "dmarc",
              r -> r.alignment() == null ? null : r.alignment().dmarcPass() ? "pass" : "fail"),
          col(
              "reporter_differs",
              r ->
                  r.alignment() == null || r.record() == null
                      ? null
                      : r.alignment().differsFromReporter(r.record().policyEvaluated())));

  private ShowRows() {}

  private static Column col(String name, Function<Row, @Nullable Object> value) {
    return new Column(name, value);
  }

  private static ReportSource source(Row r) {
    return r.report().source();
  }

  private static AggregateReport report(Row r) {
    return r.report().report();
  }

  private static ReportMetadata meta(Row r) {
    return r.report().report().metadata();
  }

  private static PolicyPublished policy(Row r) {
    return r.report().report().policyPublished();
  }

  private static @Nullable Integer zeroToNull(int n) {
    return n == 0 ? null : n;
  }

  private static String reason(PolicyOverrideReason reason) {
    return reason.comment() == null
        ? reason.type().token()
        : reason.type().token() + ": " + reason.comment();
  }

  private static @Nullable List<String> dkim(Row r, Function<DkimAuthResult, String> f) {
    return r.record() == null ? null : r.record().dkim().stream().map(f).toList();
  }

  private static @Nullable List<String> spf(Row r, Function<SpfAuthResult, String> f) {
    return r.record() == null ? null : r.record().spf().stream().map(f).toList();
  }

  /** The column names, in order. */
  static List<String> columns() {
    return COLUMNS.stream().map(Column::name).toList();
  }

  /** The rows of one report. */
  static List<Row> rows(ExtractedReport r, Function<String, String> organizationalDomain) {
    AggregateReport report = r.report();
    List<Row> rows = new ArrayList<>();
    if (report.records().isEmpty()) {
      rows.add(new Row(r, 0, null, null));
    }
    for (int i = 0; i < report.records().size(); i++) {
      ReportRecord rec = report.records().get(i);
      rows.add(
          new Row(
              r, i, rec, RecordAlignment.of(rec, report.policyPublished(), organizationalDomain)));
    }
    return rows;
  }

  /** Writes rows as a JSON array of objects, streaming. */
  static final class Json implements AutoCloseable {
    private final JsonGenerator g;

    Json(Writer out) throws IOException {
      g = new JsonFactory().createGenerator(out);
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
    }

    void write(Row row) throws IOException {
      g.writeStartObject();
      for (Column c : COLUMNS) {
        g.writeFieldName(c.name());
        Object v = c.value().apply(row);
        if (v == null) {
          g.writeNull();
        } else if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Integer i) {
          g.writeNumber(i);
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else if (v instanceof List<?> list) {
          g.writeStartArray();
          for (Object o : list) {
            g.writeString(String.valueOf(o));
          }
          g.writeEndArray();
        } else {
          g.writeString(v.toString());
        }
      }
      g.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      g.writeEndArray();
      g.writeRaw('\n');
      g.flush(); // the writer stays open: it is the command's output
    }
  }

  /**
   * Writes rows as CSV (RFC 4180: comma, CRLF, double quotes where needed; text a spreadsheet would
   * run as a formula gets a leading apostrophe, as in {@code export}).
   */
  static final class Csv {
    private final PrintWriter out;

    Csv(PrintWriter out) {
      this.out = out;
      line(columns().toArray(String[]::new));
    }

    void write(Row row) {
      String[] cells = new String[COLUMNS.size()];
      for (int i = 0; i < cells.length; i++) {
        Object v = COLUMNS.get(i).value().apply(row);
        cells[i] =
            v == null
                ? ""
                : v instanceof List<?> list
                    ? String.join(";", list.stream().map(String::valueOf).toList())
                    : v.toString();
      }
      line(cells);
    }

    private void line(String[] cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(quote(cells[i]));
      }
      out.print(sb.append("\r\n"));
    }

    /** One cell, as the export writes it (formulas defused), padded text quoted too. */
    static String quote(String cell) {
      StringBuilder sb = new StringBuilder(cell.length() + 2);
      ExportWriter.csvField(sb, cell, true);
      return sb.toString();
    }
  }

  /** For tests: the values of one row, by column name. */
  static List<@Nullable Object> values(Row row) {
    return Arrays.asList(COLUMNS.stream().map(c -> c.value().apply(row)).toArray());
  }
}
