// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.Totals;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;

/** {@code GET /}: every domain with volume, DMARC pass rate, policy and trend, and the totals. */
public final class OverviewPage {
  private final TrafficQueries traffic;
  private final Views views;
  private final Clock clock;

  /** The page over the traffic queries. */
  public OverviewPage(TrafficQueries traffic, Views views, Clock clock) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What the page shows.
   *
   * @param totals sums over the domains shown
   * @param domains the domains, by name
   */
  public record OverviewView(Totals totals, List<DomainTraffic> domains) {}

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
    views.render(
        ctx, "overview.jte", PageSupport.params(chrome, new OverviewView(Totals.of(shown), shown)));
  }
}
