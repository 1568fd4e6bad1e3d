// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.Totals;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;

/**
 * {@code GET /}: every domain with volume, DMARC pass rate, policy, trend, stage and readiness for
 * the next step, the totals, and the sources across domains that need attention.
 */
public final class OverviewPage {
  /** Sources needing attention listed at most. */
  static final int MAX_ATTENTION = 12;

  private final TrafficQueries traffic;
  private final DomainAnalyses analyses;
  private final Views views;
  private final Clock clock;

  /** The page over the traffic queries and the analysis. */
  public OverviewPage(TrafficQueries traffic, DomainAnalyses analyses, Views views, Clock clock) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.analyses = Objects.requireNonNull(analyses, "analyses");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What the page shows.
   *
   * @param totals sums over the domains shown
   * @param domains the domains, by name
   * @param advice each shown domain's advice, by domain
   * @param attention the sources across the shown domains that block a next step, largest first
   */
  public record OverviewView(
      Totals totals,
      List<DomainTraffic> domains,
      Map<String, DomainAdvice> advice,
      List<DomainAdvice.Attention> attention) {}

  /** {@code GET /}. */
  public void show(Context ctx) {
    DateRange range = Params.range(ctx, clock);
    String domain = Params.domain(ctx, "domain");
    List<DomainTraffic> all = traffic.domains(range);
    List<DomainTraffic> shown =
        domain == null ? all : all.stream().filter(d -> d.domain().equals(domain)).toList();
    Chrome chrome =
        PageSupport.chrome(
            ctx,
            "Overview",
            "overview",
            range,
            domain,
            all.stream().map(DomainTraffic::domain).toList());
    Map<String, DomainAdvice> advice = new HashMap<>();
    List<DomainAdvice.Attention> attention = new ArrayList<>();
    for (DomainTraffic d : shown) {
      DomainAdvice a = analyses.advice(d.domain());
      advice.put(d.domain(), a);
      attention.addAll(a.attention());
    }
    attention.sort(
        Comparator.comparingLong(DomainAdvice.Attention::messages)
            .reversed()
            .thenComparing(DomainAdvice.Attention::domain));
    views.render(
        ctx,
        "overview.jte",
        PageSupport.params(
            chrome,
            new OverviewView(
                Totals.of(shown),
                shown,
                advice,
                attention.subList(0, Math.min(MAX_ATTENTION, attention.size())))));
  }
}
