// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.OriginalInfo;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/** {@code /reports}: the list with filters and paging, and one report in the human view. */
public final class ReportPages {
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
   * @param pageLinkBase the query string for page links, without {@code page=}
   */
  public record ReportsView(
      Page<ReportSummary> page,
      @Nullable String reporter,
      List<String> reporters,
      String pageLinkBase) {}

  /**
   * One report.
   *
   * @param stored the report
   * @param original what is known of its original, or null when none was kept
   */
  public record ReportView(StoredReport stored, @Nullable OriginalInfo original) {}

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
      base +=
          "&reporter="
              + java.net.URLEncoder.encode(reporter, java.nio.charset.StandardCharsets.UTF_8);
    }
    base += "&size=" + page.request().size();
    views.render(
        ctx,
        "reports.jte",
        PageSupport.params(chrome, new ReportsView(page, reporter, catalog.reporters(), base)));
  }

  /** {@code GET /reports/{id}}. */
  public void show(Context ctx) {
    long id = Params.pathId(ctx, "id");
    StoredReport r = catalog.report(id).orElseThrow(() -> new NotFoundResponse("no report " + id));
    Chrome chrome =
        PageSupport.chrome(
            ctx, "Report " + r.summary().reportId(), "reports", null, null, List.of());
    OriginalInfo original = catalog.originalInfo(id).orElse(null);
    views.render(ctx, "report.jte", PageSupport.params(chrome, new ReportView(r, original)));
  }
}
