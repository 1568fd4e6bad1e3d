// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.http.Params;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/records}: records joined with their reports, paged as JSON, or the whole selection
 * streamed as CSV or JSON (rows are written as they come; memory does not grow with the export).
 */
public final class RecordApi {
  /** The CSV columns, in order. */
  static final String CSV_HEADER =
      "report_pk,org_name,report_id,policy_domain,begin,end,source_ip,count,disposition,"
          + "dkim,spf,header_from,envelope_from,dkim_results,spf_results,overrides";

  private final RecordQueries records;
  private final ObjectMapper mapper;
  private final Clock clock;

  /** Handlers over the record queries; {@code mapper} writes the JSON export. */
  public RecordApi(RecordQueries records, ObjectMapper mapper, Clock clock) {
    this.records = Objects.requireNonNull(records, "records");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private RecordFilter filter(Context ctx) {
    String ip = Params.text(ctx, "source_ip");
    if (ip != null && !ip.matches("[0-9A-Fa-f:.]{2,45}")) {
      throw new BadRequestResponse("parameter 'source_ip' must be an IP address, got '" + ip + "'");
    }
    return new RecordFilter(Params.domain(ctx, "domain"), ip, Params.range(ctx, clock));
  }

  /** {@code GET /api/v1/records}; 404 for a page past the last one. */
  public void list(Context ctx) {
    Page<RecordRow> page = records.records(filter(ctx), Params.page(ctx));
    if (page.pastEnd()) {
      throw new NotFoundResponse(page.pastEndMessage());
    }
    ctx.json(
        new RecordListJson(
            page.items(),
            page.request().page(),
            page.request().size(),
            page.total(),
            page.pages()));
  }

  /** {@code GET /api/v1/records/export?format=csv|json}. */
  public void export(Context ctx) throws IOException {
    RecordFilter filter = filter(ctx);
    String format = Objects.requireNonNullElse(Params.text(ctx, "format"), "csv");
    switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"dmarc-records.csv\"");
        OutputStream out = ctx.outputStream();
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(CSV_HEADER);
        w.write("\r\n");
        records.export(filter, row -> writeCsv(w, row));
        w.flush();
      }
      case "json" -> {
        ctx.contentType("application/json");
        ctx.header("Content-Disposition", "attachment; filename=\"dmarc-records.json\"");
        JsonGenerator g =
            mapper
                .getFactory()
                .createGenerator(ctx.outputStream())
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartArray();
        records.export(
            filter,
            row -> {
              try {
                mapper.writeValue(g, row);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
        g.writeEndArray();
        g.flush();
      }
      default ->
          throw new BadRequestResponse(
              "parameter 'format' must be csv or json, got '" + format + "'");
    }
  }

  private static void writeCsv(Writer w, RecordRow r) {
    try {
      w.write(String.valueOf(r.reportPk()));
      for (Object v :
          new Object[] {
            r.orgName(),
            r.reportId(),
            r.domain(),
            r.begin().toString(),
            r.end().toString(),
            r.sourceIp(),
            r.count(),
            r.disposition(),
            r.dkim(),
            r.spf(),
            r.headerFrom(),
            r.envelopeFrom(),
            r.dkimResults(),
            r.spfResults(),
            r.overrides()
          }) {
        w.write(',');
        w.write(csv(v));
      }
      w.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; text that a
   * spreadsheet would run as a formula (starting with = + - @ or a tab) gets a leading apostrophe.
   */
  static String csv(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (value instanceof String && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    boolean quote =
        s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
