// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.jspecify.annotations.Nullable;

/**
 * The analysis the CLI, the web pages and the API show, over the reports a {@link ReportFeed}
 * gives: sources with their classes, advice, policy simulation, summaries and owner marks. Each
 * call reads the reports of one domain and period, enriches their distinct source IPs once (through
 * the cache) and analyses them. Thread-safe when its parts are.
 *
 * <pre>{@code
 * AnalysisService service = new AnalysisService(feed, enrichment::facts, identifier,
 *     new AlignmentEvaluator(psl::organizationalDomain), marks, d -> true,
 *     AdvisorThresholds.DEFAULTS, Clock.systemUTC());
 * List<SourceReport> sources = service.sources("example.com", since, now, null);
 * Advice advice = service.advise("example.com", null);
 * }</pre>
 */
public final class AnalysisService {
  private final ReportFeed feed;
  private final Function<Collection<InetAddress>, Map<InetAddress, IpFacts>> enrich;
  private final ServiceIdentifier identifier;
  private final AlignmentEvaluator alignment;
  private final OwnerMarkStore marks;
  private final PolicySimulator simulator;
  private final AdvisorThresholds thresholds;
  private final Clock clock;

  /**
   * A service.
   *
   * @param feed the reports
   * @param enrich facts for a set of IPs (cached enrichment; {@code ips -> Map.of()} for none)
   * @param identifier names services
   * @param alignment recomputes alignment
   * @param marks the owner's marks
   * @param simulator replays policies
   * @param thresholds the advisor's gates
   * @param clock now
   */
  public AnalysisService(
      ReportFeed feed,
      Function<Collection<InetAddress>, Map<InetAddress, IpFacts>> enrich,
      ServiceIdentifier identifier,
      AlignmentEvaluator alignment,
      OwnerMarkStore marks,
      PolicySimulator simulator,
      AdvisorThresholds thresholds,
      Clock clock) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.enrich = Objects.requireNonNull(enrich, "enrich");
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.alignment = Objects.requireNonNull(alignment, "alignment");
    this.marks = Objects.requireNonNull(marks, "marks");
    this.simulator = Objects.requireNonNull(simulator, "simulator");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The full analysis of a domain over {@code [from, to)}. */
  public AnalysisResult analyze(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    List<AggregateReport> reports = feed.reports(d, from, to);
    Set<InetAddress> ips = new LinkedHashSet<>();
    for (AggregateReport r : reports) {
      for (ReportRecord row : r.records()) {
        ips.add(row.sourceIp());
      }
    }
    Map<InetAddress, IpFacts> facts = ips.isEmpty() ? Map.of() : enrich.apply(ips);
    SourceAnalyzer analyzer =
        new SourceAnalyzer(
            alignment,
            identifier,
            ip -> {
              IpFacts f = facts.get(ip);
              return f != null ? f : IpFacts.unknown(ip);
            },
            marks);
    return analyzer.analyze(reports);
  }

  /** The sources of a domain, largest first, optionally of one class. */
  public List<SourceReport> sources(
      String domain, Instant from, Instant to, @Nullable SourceClass only) {
    String d = domain.toLowerCase(Locale.ROOT);
    return analyze(d, from, to).sourcesOf(d).stream()
        .filter(s -> only == null || s.sourceClass() == only)
        .toList();
  }

  /**
   * The deployment advice for a domain over the advisor's window ending now.
   *
   * @param currentRecord the domain's current DMARC record text if known, else null
   */
  public Advice advise(String domain, @Nullable String currentRecord) {
    Instant now = clock.instant();
    String d = domain.toLowerCase(Locale.ROOT);
    AnalysisResult result = analyze(d, now.minus(thresholds.window()), now);
    return new DeploymentAdvisor(thresholds).advise(d, result, now, currentRecord);
  }

  /** What a target policy would have done over {@code [from, to)}. */
  public PolicyImpact simulate(String domain, TargetPolicy target, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return simulator.simulate(d, analyze(d, from, to).rows(), target, from, to);
  }

  /** Daily totals (multi-day reports spread over their days). */
  public List<Totals> byDay(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return Summaries.byDay(analyze(d, from, to).rows(), d, from, to);
  }

  /** Totals per reporter. */
  public List<Totals> byReporter(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return Summaries.byReporter(analyze(d, from, to).rows(), d, from, to);
  }

  /** Totals per From domain (the domain and its subdomains). */
  public List<Totals> byFromDomain(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return Summaries.byFromDomain(analyze(d, from, to).rows(), d, from, to);
  }

  /** Sets or clears the owner's mark on a source. */
  public void mark(String domain, SourceKey source, @Nullable OwnerMark mark) {
    marks.setMark(domain.toLowerCase(Locale.ROOT), source, mark);
  }

  /** The advisor's thresholds. */
  public AdvisorThresholds thresholds() {
    return thresholds;
  }
}
