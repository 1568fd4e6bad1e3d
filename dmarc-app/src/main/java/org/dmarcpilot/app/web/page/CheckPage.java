// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.AuditSection;
import org.dmarcpilot.check.Finding;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /check}: audit any domain's DMARC, SPF, DKIM, MX, MTA-STS, TLS-RPT and BIMI records
 * live ({@code check}), with each finding's explanation and fix, and the next record to publish.
 */
public final class CheckPage {
  private final Function<String, AuditReport> audit;
  private final Views views;

  /** The page over an audit function (a {@code DomainAudit} on the server's resolver). */
  public CheckPage(Function<String, AuditReport> audit, Views views) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * One section of the audit.
   *
   * @param title the section title
   * @param records the records found
   * @param findings its findings, worst first
   */
  public record Section(String title, List<String> records, List<Finding> findings) {}

  /**
   * What the page shows.
   *
   * @param domain the domain asked for, or null before a check
   * @param report the audit, or null before a check
   * @param sections the sections with records or findings
   */
  public record CheckView(
      @Nullable String domain, @Nullable AuditReport report, List<Section> sections) {}

  /** {@code GET /check?domain=}; with {@code fragment=true} only the results, for htmx. */
  public void show(Context ctx) {
    String domain = Params.domain(ctx, "domain");
    AuditReport report = domain == null ? null : audit.apply(domain);
    List<Section> sections = new ArrayList<>();
    if (report != null) {
      for (AuditSection s : AuditSection.values()) {
        List<Finding> f = new ArrayList<>(report.findings(s));
        f.sort((a, b) -> a.severity().compareTo(b.severity()));
        List<String> records = report.records().getOrDefault(s, List.of());
        if (!f.isEmpty() || !records.isEmpty()) {
          sections.add(new Section(s.title(), records, f));
        }
      }
    }
    CheckView view = new CheckView(domain, report, sections);
    if ("true".equals(ctx.queryParam("fragment"))) {
      views.render(ctx, "check-results.jte", Map.of("view", view));
      return;
    }
    Chrome chrome = PageSupport.chrome(ctx, "Check", "check", null, null, List.of());
    views.render(ctx, "check.jte", PageSupport.params(chrome, view));
  }
}
