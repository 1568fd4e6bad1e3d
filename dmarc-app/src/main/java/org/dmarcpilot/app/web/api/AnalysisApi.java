// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.PolicyImpact;
import org.dmarcpilot.app.analysis.PolicySimulator;
import org.dmarcpilot.app.analysis.SourceKey;
import org.dmarcpilot.app.analysis.TargetPolicy;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.http.MarkParams;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.WhatIf;

/**
 * {@code /api/v1/domains/{domain}/sources}, {@code /advice}, {@code /simulate} and {@code /marks}:
 * the analysis of a domain, the same numbers the Domain page shows, and the owner's marks.
 */
public final class AnalysisApi {
  private final DomainAnalyses analyses;
  private final Clock clock;

  /** Handlers over the analysis. */
  public AnalysisApi(DomainAnalyses analyses, Clock clock) {
    this.analyses = Objects.requireNonNull(analyses, "analyses");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code GET /api/v1/domains/{domain}/sources}. */
  public void sources(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    DomainSnapshot s = analyses.snapshot(domain, range.from(), range.to());
    ctx.json(
        new SourcesJson(
            domain,
            RangeJson.of(range),
            s.total().messages(),
            s.total().byClass(),
            s.sourceCount(),
            s.sources(),
            s.unlisted(),
            s.byFromDomain().stream()
                .map(
                    t ->
                        new SourcesJson.FromDomainJson(
                            t.key(),
                            t.messages(),
                            t.dmarcPass(),
                            t.dkimAligned(),
                            t.spfAligned(),
                            t.byClass()))
                .toList()));
  }

  /** {@code GET /api/v1/domains/{domain}/advice}. */
  public void advice(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    ctx.json(AdviceJson.of(analyses.advice(domain)));
  }

  /** {@code POST /api/v1/domains/{domain}/marks}: sets or clears the owner's mark on a source. */
  public void mark(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    SourceKey source = MarkParams.source(ctx);
    OwnerMark mark = MarkParams.mark(ctx);
    analyses.mark(domain, source, mark);
    ctx.json(new MarkJson(domain, source, mark));
  }

  /** {@code GET /api/v1/domains/{domain}/simulate}. */
  public void simulate(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    DateRange range = Params.range(ctx, clock);
    TargetPolicy target;
    if (WhatIf.asked(ctx)) {
      target = WhatIf.target(ctx, WhatIf.ofStage(null));
    } else {
      DomainAdvice a = analyses.advice(domain);
      target = WhatIf.target(ctx, WhatIf.ofStage(a.advice().nextStage()));
    }
    PolicyImpact impact =
        analyses
            .snapshot(domain, range.from(), range.to())
            .simulate(new PolicySimulator(d -> true), target);
    ctx.json(new SimulationJson(domain, RangeJson.of(range), target.describe(), impact));
  }
}
