// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.web.data.DailyTraffic;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.Totals;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.http.Params;

/** {@code /api/v1/domains}: domains, one domain's summary and its daily series. */
public final class DomainApi {
  private final TrafficQueries traffic;
  private final DomainAnalyses analyses;
  private final Clock clock;

  /** Handlers over the traffic queries and the analysis (the series' volume by class). */
  public DomainApi(TrafficQueries traffic, DomainAnalyses analyses, Clock clock) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.analyses = Objects.requireNonNull(analyses, "analyses");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code GET /api/v1/domains}. */
  public void list(Context ctx) {
    DateRange range = Params.range(ctx, clock);
    List<DomainTraffic> rows = traffic.domains(range);
    ctx.json(
        new DomainsJson(
            RangeJson.of(range),
            TotalsJson.of(Totals.of(rows)),
            rows.stream().map(DomainJson::of).toList()));
  }

  /** {@code GET /api/v1/domains/{domain}/summary}. */
  public void summary(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    DomainTraffic row =
        traffic.domains(range).stream()
            .filter(d -> d.domain().equals(domain))
            .findFirst()
            .orElseThrow(() -> new NotFoundResponse("no reports for " + domain + " in the range"));
    ctx.json(DomainJson.of(row));
  }

  /** {@code GET /api/v1/domains/{domain}/series}. */
  public void series(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    List<DailyTraffic> days = traffic.daily(domain, range);
    Map<LocalDate, Map<String, Long>> classes = new HashMap<>();
    for (org.dmarcpilot.app.analysis.Totals t :
        analyses.snapshot(domain, range.from(), range.to()).byDay()) {
      Map<String, Long> m = new LinkedHashMap<>();
      t.byClass().forEach((c, n) -> m.put(seriesName(c), n));
      classes.put(LocalDate.parse(t.key()), m);
    }
    ctx.json(
        new SeriesJson(
            domain,
            RangeJson.of(range),
            days.stream()
                .map(
                    d ->
                        new SeriesJson.Day(
                            d.day(),
                            d.messages(),
                            d.dmarcPass(),
                            d.dkimAligned(),
                            d.spfAligned(),
                            classes.getOrDefault(d.day(), d.byClass())))
                .toList()));
  }

  /** A class's name in the series: the chart's legend. */
  static String seriesName(SourceClass c) {
    return c == SourceClass.YOURS_NOT_ALIGNED ? "not aligned" : c.token();
  }
}
