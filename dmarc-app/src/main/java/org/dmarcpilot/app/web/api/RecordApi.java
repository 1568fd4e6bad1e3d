// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.SlowClients;

/**
 * {@code /api/v1/records}: records joined with their reports, paged as JSON, or the whole selection
 * streamed as CSV or JSON (rows are written as they come; memory does not grow with the export).
 * The export is written by the CLI's {@link ExportWriter}: the same columns, keys and arrays as
 * {@code dmarcpilot export}, the reports stored last first.
 */
public final class RecordApi {
  private final RecordQueries records;
  private final Clock clock;

  /** Handlers over the record queries. */
  public RecordApi(RecordQueries records, Clock clock) {
    this.records = Objects.requireNonNull(records, "records");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private RecordFilter filter(Context ctx) {
    return new RecordFilter(
        Params.domain(ctx, "domain"), Params.address(ctx, "source_ip"), Params.range(ctx, clock));
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

  /**
   * {@code GET /api/v1/records/export?format=csv|json}. A failure after the first rows leaves the
   * document unfinished (no closing bracket of the JSON array), never one that looks whole.
   */
  public void export(Context ctx) throws IOException {
    RecordFilter filter = filter(ctx);
    String format = Objects.requireNonNullElse(Params.text(ctx, "format"), "csv");
    ExportWriter.Format f =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "csv" -> ExportWriter.Format.CSV;
          case "json" -> ExportWriter.Format.JSON;
          default ->
              throw new BadRequestResponse(
                  "parameter 'format' must be csv or json, got '" + format + "'");
        };
    if (f == ExportWriter.Format.CSV) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\"dmarc-records.csv\"");
    } else {
      ctx.contentType("application/json");
      ctx.header("Content-Disposition", "attachment; filename=\"dmarc-records.json\"");
    }
    SlowClients.allowDownload(ctx);
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16);
    ExportWriter w = ExportWriter.of(f, out);
    records.export(filter, w);
    w.close(); // only a complete export is closed (a JSON array is ended)
    out.flush();
  }
}
