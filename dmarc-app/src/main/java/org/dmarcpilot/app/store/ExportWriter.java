// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes {@link ExportRow}s as they stream from {@link ReportStore#exportRecords}: CSV (RFC 4180,
 * with a header line; a record's DKIM, SPF and override results each folded into one field of text)
 * or a JSON array of objects (those results as arrays of objects, with the reporters' free text).
 * Close it to finish the document. {@code dmarcpilot export} and the REST API's {@code
 * /api/v1/records/export} both write with it, so the two give the same document.
 */
public abstract class ExportWriter implements Consumer<ExportRow>, AutoCloseable {
  /** The column names, in CSV order and as JSON keys. */
  public static final List<String> COLUMNS =
      List.of(
          "report_pk",
          "org_name",
          "report_id",
          "policy_domain",
          "date_begin",
          "date_end",
          "policy_p",
          "source_ip",
          "message_count",
          "disposition",
          "dkim_aligned",
          "spf_aligned",
          "header_from",
          "envelope_from",
          "envelope_to",
          "dkim",
          "spf",
          "overrides");

  /** The supported formats. */
  public enum Format {
    /** Comma-separated values with a header line. */
    CSV,
    /** One JSON array of objects. */
    JSON
  }

  ExportWriter() {}

  /** A writer of the given format onto {@code out}; {@link #close()} does not close {@code out}. */
  public static ExportWriter of(Format format, Writer out) {
    return format == Format.CSV ? new Csv(out) : new Json(out);
  }

  static Object[] values(ExportRow r) {
    return new Object[] {
      r.reportPk(),
      r.orgName(),
      r.reportId(),
      r.policyDomain(),
      r.begin().toString(),
      r.end().toString(),
      r.policyP(),
      r.sourceIp(),
      r.messageCount(),
      r.disposition(),
      r.dkimAligned(),
      r.spfAligned(),
      r.headerFrom(),
      r.envelopeFrom(),
      r.envelopeTo(),
      r.dkimText(),
      r.spfText(),
      r.overridesText()
    };
  }

  /**
   * Appends one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break (quotes
   * doubled); text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab
   * or a carriage return; a negative whole number excepted) is quoted and gets a leading
   * apostrophe. With {@code quotePadded}, text with leading or trailing white space is quoted too
   * (for readers that trim unquoted fields). Shared by every CSV that DMARC Pilot writes, so that
   * none of them hands a spreadsheet a formula.
   */
  public static void csvField(StringBuilder line, String s, boolean quotePadded) {
    boolean quote = quotePadded && !s.equals(s.strip());
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    boolean formula =
        !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9]+");
    if (!quote && !formula) {
      line.append(s);
      return;
    }
    line.append('"');
    if (formula) {
      line.append('\'');
    }
    line.append(s.replace("\"", "\"\"")).append('"');
  }

  @Override
  public abstract void close() throws IOException;

  private static final class Csv extends ExportWriter {
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);

    Csv(Writer out) {
      this.out = out;
      try {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void accept(ExportRow row) {
      line.setLength(0);
      Object[] v = values(row);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          line.append(',');
        }
        if (v[i] != null) {
          csvField(line, v[i].toString(), false);
        }
      }
      line.append("\r\n");
      try {
        out.write(line.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  private static final class Json extends ExportWriter {
    private final JsonGenerator gen;

    Json(Writer out) {
      try {
        gen =
            new JsonFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void accept(ExportRow row) {
      Object[] v = values(row);
      try {
        gen.writeStartObject();
        int scalars = COLUMNS.size() - 3; // dkim, spf and overrides are arrays
        for (int i = 0; i < scalars; i++) {
          gen.writeFieldName(COLUMNS.get(i));
          if (v[i] == null) {
            gen.writeNull();
          } else if (v[i] instanceof Long l) {
            gen.writeNumber(l);
          } else {
            gen.writeString(v[i].toString());
          }
        }
        gen.writeArrayFieldStart("dkim");
        for (ExportRow.Dkim d : row.dkim()) {
          gen.writeStartObject();
          gen.writeStringField("domain", d.domain());
          gen.writeStringField("selector", d.selector());
          gen.writeStringField("result", d.result());
          gen.writeStringField("human_result", d.humanResult());
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("spf");
        for (ExportRow.Spf s : row.spf()) {
          gen.writeStartObject();
          gen.writeStringField("domain", s.domain());
          gen.writeStringField("scope", s.scope());
          gen.writeStringField("result", s.result());
          gen.writeStringField("human_result", s.humanResult());
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("overrides");
        for (ExportRow.Reason o : row.overrides()) {
          gen.writeStartObject();
          gen.writeStringField("type", o.type());
          gen.writeStringField("comment", o.comment());
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.writeRaw('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      gen.writeEndArray();
      gen.writeRaw('\n');
      gen.close();
    }
  }
}
