// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainSnapshot;
import org.dmarcpilot.app.analysis.PolicyImpact;
import org.dmarcpilot.app.analysis.PolicySimulator;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceReport;
import org.dmarcpilot.app.analysis.TargetPolicy;
import org.dmarcpilot.app.analysis.Totals;
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
 * pct} query parameters), the sources grouped by class, the From domains, the subdomains seen in
 * the reports, and the live record check (an htmx fragment from {@link RecordPanel}, so the page
 * never waits for DNS).
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
   * A subdomain seen in the reports: as a From domain of this domain's mail, as a policy domain of
   * its own (then it has its own page), or both.
   *
   * @param name the subdomain
   * @param fromMessages messages with it as the From domain under this domain's policy
   * @param fromPass of those, messages passing DMARC
   * @param ownMessages messages reported under its own policy, or 0
   * @param ownPass of those, messages passing DMARC
   * @param hasPage whether it is a policy domain with reports in the range (its page exists)
   */
  public record Subdomain(
      String name,
      long fromMessages,
      long fromPass,
      long ownMessages,
      long ownPass,
      boolean hasPage) {}

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
   * @param subdomains the subdomains seen in the reports, largest first
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
      DateRange range,
      List<Subdomain> subdomains) {}

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
                domain,
                row,
                url,
                snapshot,
                groups(snapshot),
                advice,
                target,
                impact,
                range,
                subdomains(domain, snapshot.byFromDomain(), all))));
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

  /**
   * The subdomains of {@code domain} among the From domains of its mail and among the policy
   * domains with reports, largest first (own and From volume together), then by name.
   */
  static List<Subdomain> subdomains(
      String domain, List<Totals> fromDomains, List<DomainTraffic> policyDomains) {
    String suffix = "." + domain;
    Map<String, Subdomain> by = new TreeMap<>();
    for (Totals t : fromDomains) {
      String name = t.key().toLowerCase(Locale.ROOT);
      if (name.endsWith(suffix)) {
        Subdomain old = by.get(name);
        long m = t.messages() + (old == null ? 0 : old.fromMessages());
        long p = t.dmarcPass() + (old == null ? 0 : old.fromPass());
        by.put(name, new Subdomain(name, m, p, 0, 0, false));
      }
    }
    for (DomainTraffic d : policyDomains) {
      String name = d.domain();
      if (name.endsWith(suffix)) {
        Subdomain old = by.get(name);
        by.put(
            name,
            new Subdomain(
                name,
                old == null ? 0 : old.fromMessages(),
                old == null ? 0 : old.fromPass(),
                d.messages(),
                d.dmarcPass(),
                true));
      }
    }
    List<Subdomain> out = new ArrayList<>(by.values());
    out.sort(
        Comparator.comparingLong((Subdomain x) -> x.fromMessages() + x.ownMessages())
            .reversed()
            .thenComparing(Subdomain::name));
    return out;
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
