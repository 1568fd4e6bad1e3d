// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.OriginalPayload;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.SlowClients;
import org.dmarcpilot.app.web.http.Uploads;

/** {@code /api/v1/reports}: list, one, the original bytes, and upload. */
public final class ReportApi {
  /** Records per page of {@code GET /api/v1/reports/{id}} by default (and at most). */
  public static final int RECORDS_PER_PAGE = PageRequest.MAX_SIZE;

  private final ReportCatalog catalog;
  private final ReportUploads uploads;
  private final Clock clock;

  /** Handlers over the catalogue and the upload service. */
  public ReportApi(ReportCatalog catalog, ReportUploads uploads, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code GET /api/v1/reports}; 404 for a page past the last one. */
  public void list(Context ctx) {
    ReportFilter filter =
        new ReportFilter(
            Params.domain(ctx, "domain"), Params.text(ctx, "reporter"), Params.range(ctx, clock));
    Page<ReportSummary> page = catalog.reports(filter, Params.page(ctx));
    if (page.pastEnd()) {
      throw new NotFoundResponse(page.pastEndMessage());
    }
    ctx.json(
        new ReportListJson(
            page.items().stream().map(ReportSummaryJson::of).toList(),
            page.request().page(),
            page.request().size(),
            page.total(),
            page.pages()));
  }

  /**
   * {@code GET /api/v1/reports/{id}}: the report with one page of its records ({@code page}, {@code
   * size}, {@value #RECORDS_PER_PAGE} by default, as the report's page shows them); 404 for a page
   * past the last one.
   */
  public void get(Context ctx) {
    long id = Params.pathId(ctx, "id");
    PageRequest request = Params.page(ctx, RECORDS_PER_PAGE);
    ReportDetail d =
        catalog.report(id, request).orElseThrow(() -> new NotFoundResponse("no report " + id));
    if (d.records().pastEnd()) {
      throw new NotFoundResponse(d.records().pastEndMessage());
    }
    ctx.json(ReportJson.of(d));
  }

  /** {@code GET /api/v1/reports/{id}/original}: the bytes as received, as a download. */
  public void original(Context ctx) {
    long id = Params.pathId(ctx, "id");
    OriginalPayload p =
        catalog
            .original(id)
            .orElseThrow(
                () ->
                    new NotFoundResponse(
                        catalog
                            .originalInfo(id)
                            .map(
                                i ->
                                    "original of report "
                                        + id
                                        + " not kept: "
                                        + i.size()
                                        + " bytes, over the limit")
                            .orElse("no original kept for report " + id)));
    sendDownload(ctx, p);
  }

  /** {@code POST /api/v1/reports}: multipart upload, one result per file. */
  public void upload(Context ctx) {
    List<UploadResult> results = Uploads.handle(ctx, uploads);
    ctx.status(HttpStatus.OK)
        .json(new UploadJson(results.stream().map(UploadJson.FileJson::of).toList()));
  }

  /** Sends bytes as an attachment with a safe file name. */
  public static void sendDownload(Context ctx, OriginalPayload p) {
    SlowClients.allowDownload(ctx);
    ctx.contentType(p.mediaType());
    ctx.header(
        "Content-Disposition", "attachment; filename=\"" + safeFilename(p.filename()) + "\"");
    ctx.result(p.bytes());
  }

  /** A file name reduced to characters that are safe in a header: others become '_'. */
  static String safeFilename(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() && sb.length() < 120; i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == '!';
      sb.append(ok ? c : '_');
    }
    return sb.length() == 0 ? "report" : sb.toString();
  }
}
