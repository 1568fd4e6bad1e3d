// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.OriginalInfo;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code /reports}: the list with filters and paging, and one report in the human view with its
 * records paged. A page past the last one answers 404 with a page that says so and links to the
 * last page.
 */
public final class ReportPages {
  /** Records of one report shown per page unless {@code size} says otherwise: {@value}. */
  public static final int RECORDS_PER_PAGE = PageRequest.MAX_SIZE;

  private final ReportCatalog catalog;
  private final Views views;
  private final Clock clock;

  /** The pages over the report catalogue. */
  public ReportPages(ReportCatalog catalog, Views views, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The list.
   *
   * @param page the reports of this page
   * @param reporter the reporter filter, or null
   * @param reporters the reporters to offer in the filter
   * @param links the links to the list's pages, with its filters
   */
  public record ReportsView(
      Page<ReportSummary> page,
      @Nullable String reporter,
      List<String> reporters,
      PageLinks links) {}

  /**
   * One report.
   *
   * @param detail the report with this page of its records, and its totals over all of them
   * @param original what is known of its original, or null when none was kept
   * @param links the links to the pages of its records
   */
  public record ReportView(ReportDetail detail, @Nullable OriginalInfo original, PageLinks links) {}

  /** {@code GET /reports}. */
  public void list(Context ctx) {
    DateRange range = Params.range(ctx, clock);
    String domain = Params.domain(ctx, "domain");
    String reporter = Params.text(ctx, "reporter");
    Page<ReportSummary> page =
        catalog.reports(new ReportFilter(domain, reporter, range), Params.page(ctx));
    Chrome chrome = PageSupport.chrome(ctx, "Reports", "reports", range, domain, catalog.domains());
    String base = chrome.filterQuery();
    if (reporter != null) {
      base += "&reporter=" + URLEncoder.encode(reporter, StandardCharsets.UTF_8);
    }
    base += "&size=" + page.request().size();
    if (page.pastEnd()) {
      ctx.status(HttpStatus.NOT_FOUND);
    }
    views.render(
        ctx,
        "reports.jte",
        PageSupport.params(
            chrome,
            new ReportsView(page, reporter, catalog.reporters(), new PageLinks("/reports", base))));
  }

  /**
   * {@code GET /reports/{id}}: the report with one page of its records ({@code page}, {@code
   * size}).
   */
  public void show(Context ctx) {
    long id = Params.pathId(ctx, "id");
    PageRequest request = Params.page(ctx, RECORDS_PER_PAGE);
    ReportDetail d =
        catalog.report(id, request).orElseThrow(() -> new NotFoundResponse("no report " + id));
    if (d.records().pastEnd()) {
      ctx.status(HttpStatus.NOT_FOUND);
    }
    Chrome chrome =
        PageSupport.chrome(
            ctx, "Report " + d.stored().summary().reportId(), "reports", null, null, List.of());
    OriginalInfo original = catalog.originalInfo(id).orElse(null);
    String query = request.size() == RECORDS_PER_PAGE ? "" : "size=" + request.size();
    views.render(
        ctx,
        "report.jte",
        PageSupport.params(
            chrome, new ReportView(d, original, new PageLinks("/reports/" + id, query))));
  }
}
