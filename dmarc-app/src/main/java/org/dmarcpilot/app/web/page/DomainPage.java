// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.analysis.PolicyImpact;
import org.dmarcpilot.app.analysis.PolicySimulator;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceReport;
import org.dmarcpilot.app.analysis.TargetPolicy;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.http.MarkParams;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.app.web.http.WhatIf;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /domains/{domain}}: volume over time stacked by class and compliance over time (charts
 * drawn from {@code /api/v1/domains/{domain}/series}), the advisor's next step and record, a
 * what-if simulation of a stricter policy ({@code p}, {@code sp}, {@code np}, {@code t}, {@code
 * pct} query parameters), the sources grouped by class, the From (sub)domains and the live check.
 */
public final class DomainPage {
  private final TrafficQueries traffic;
  private final DomainAnalyses analyses;
  private final Views views;
  private final Clock clock;

  /** The page over the traffic queries and the analysis. */
  public DomainPage(TrafficQueries traffic, DomainAnalyses analyses, Views views, Clock clock) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.analyses = Objects.requireNonNull(analyses, "analyses");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The sources of one class.
   *
   * @param sourceClass the class
   * @param title its heading
   * @param meaning what it means for the owner
   * @param sources the listed sources of this class, largest first
   * @param messages all messages of the class in the period (listed or not)
   */
  public record SourceGroup(
      SourceClass sourceClass,
      String title,
      String meaning,
      List<SourceReport> sources,
      long messages) {}

  /**
   * What the page shows.
   *
   * @param domain the domain
   * @param traffic its totals over the range, or null when it has no mail in the range
   * @param seriesUrl where the charts fetch their data
   * @param snapshot the analysis of the range
   * @param groups the sources by class, in the order the owner should look at them
   * @param advice the advisor's answer over its window
   * @param target the simulated policy
   * @param impact what the simulated policy would have done to the range's mail
   * @param range the period shown
   */
  public record DomainView(
      String domain,
      @Nullable DomainTraffic traffic,
      String seriesUrl,
      DomainSnapshot snapshot,
      List<SourceGroup> groups,
      DomainAdvice advice,
      TargetPolicy target,
      PolicyImpact impact,
      DateRange range) {}

  /** {@code GET /domains/{domain}}. */
  public void show(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    List<DomainTraffic> all = traffic.domains(range);
    DomainTraffic row =
        all.stream().filter(d -> d.domain().equals(domain)).findFirst().orElse(null);
    DomainAdvice advice = analyses.advice(domain);
    TargetPolicy target = WhatIf.target(ctx, WhatIf.ofStage(advice.advice().nextStage()));
    DomainSnapshot snapshot = analyses.snapshot(domain, range.from(), range.to());
    PolicyImpact impact = snapshot.simulate(new PolicySimulator(d -> true), target);
    String url = "/api/v1/domains/" + domain + "/series?from=" + range.from() + "&to=" + range.to();
    Chrome chrome =
        PageSupport.chrome(
            ctx, domain, "domain", range, domain, all.stream().map(DomainTraffic::domain).toList());
    views.render(
        ctx,
        "domain.jte",
        PageSupport.params(
            chrome,
            new DomainView(
                domain, row, url, snapshot, groups(snapshot), advice, target, impact, range)));
  }

  /**
   * {@code POST /domains/{domain}/marks}: sets or clears the owner's mark on a source, then shows
   * the page again (the domain is analysed anew).
   */
  public void mark(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    var source = MarkParams.source(ctx);
    var mark = MarkParams.mark(ctx);
    analyses.mark(domain, source, mark);
    ctx.redirect(
        "/domains/" + domain + "?from=" + range.from() + "&to=" + range.to() + "#sources",
        HttpStatus.SEE_OTHER);
  }

  /** The listed sources by class: the ones needing work first. */
  static List<SourceGroup> groups(DomainSnapshot s) {
    List<SourceGroup> out = new ArrayList<>();
    for (SourceClass c :
        List.of(
            SourceClass.YOURS_NOT_ALIGNED,
            SourceClass.UNKNOWN,
            SourceClass.ALIGNED,
            SourceClass.FORWARDED,
            SourceClass.SPOOFING)) {
      List<SourceReport> of = s.sources().stream().filter(r -> r.sourceClass() == c).toList();
      long messages = s.total().byClass().getOrDefault(c, 0L);
      if (!of.isEmpty() || messages > 0) {
        out.add(new SourceGroup(c, Labels.title(c), Labels.meaning(c), of, messages));
      }
    }
    return out;
  }
}
