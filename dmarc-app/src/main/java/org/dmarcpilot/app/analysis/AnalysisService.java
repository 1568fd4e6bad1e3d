// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
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

  /**
   * The full analysis of a domain over {@code [from, to)}, with every classified row kept (the
   * reports themselves are read a batch at a time and not kept).
   */
  public AnalysisResult analyze(String domain, Instant from, Instant to) {
    List<ClassifiedRow> rows = new ArrayList<>();
    AnalysisResult r = analyze(domain, from, to, rows::add);
    return new AnalysisResult(r.sources(), rows, r.reporterFlags(), r.latestPolicy());
  }

  /**
   * The analysis of a domain over {@code [from, to)} without its rows: each classified row goes to
   * {@code each} as it is made and is not kept. The reports are read once, a batch at a time, and
   * their distinct source IPs are enriched once, before.
   */
  private AnalysisResult analyze(
      String domain, Instant from, Instant to, Consumer<? super ClassifiedRow> each) {
    String d = domain.toLowerCase(Locale.ROOT);
    Set<InetAddress> ips = feed.sourceIps(d, from, to);
    Map<InetAddress, IpFacts> facts = new HashMap<>(ips.isEmpty() ? Map.of() : enrich.apply(ips));
    SourceAnalyzer analyzer =
        new SourceAnalyzer(
            alignment,
            identifier,
            // an address stored after the addresses were read is enriched on its own
            ip ->
                facts.computeIfAbsent(
                    ip,
                    a ->
                        ips.contains(a)
                            ? IpFacts.unknown(a)
                            : enrich.apply(List.of(a)).getOrDefault(a, IpFacts.unknown(a))),
            marks);
    return analyzer.analyze(feed.reports(d, from, to), each);
  }

  /** The sources of a domain, largest first, optionally of one class. */
  public List<SourceReport> sources(
      String domain, Instant from, Instant to, @Nullable SourceClass only) {
    String d = domain.toLowerCase(Locale.ROOT);
    return analyze(d, from, to, row -> {}).sourcesOf(d).stream()
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
    DeploymentAdvisor advisor = new DeploymentAdvisor(thresholds);
    DeploymentAdvisor.Window window = advisor.window(d, now);
    AnalysisResult result = analyze(d, now.minus(thresholds.window()), now, window);
    return advisor.advise(window, result, currentRecord);
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
