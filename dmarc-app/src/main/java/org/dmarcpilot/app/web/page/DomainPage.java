// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /domains/{domain}}: volume over time and compliance over time (charts drawn from
 * {@code /api/v1/domains/{domain}/series}).
 */
public final class DomainPage {
  private final TrafficQueries traffic;
  private final Views views;
  private final Clock clock;

  /** The page over the traffic queries. */
  public DomainPage(TrafficQueries traffic, Views views, Clock clock) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What the page shows.
   *
   * @param domain the domain
   * @param traffic its totals over the range, or null when it has no mail in the range
   * @param seriesUrl where the charts fetch their data
   */
  public record DomainView(String domain, @Nullable DomainTraffic traffic, String seriesUrl) {}

  /** {@code GET /domains/{domain}}. */
  public void show(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    List<DomainTraffic> all = traffic.domains(range);
    DomainTraffic row =
        all.stream().filter(d -> d.domain().equals(domain)).findFirst().orElse(null);
    String url = "/api/v1/domains/" + domain + "/series?from=" + range.from() + "&to=" + range.to();
    Chrome chrome =
        PageSupport.chrome(
            ctx, domain, "domain", range, domain, all.stream().map(DomainTraffic::domain).toList());
    views.render(ctx, "domain.jte", PageSupport.params(chrome, new DomainView(domain, row, url)));
  }
}
