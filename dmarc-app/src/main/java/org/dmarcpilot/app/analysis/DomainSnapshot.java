// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.jspecify.annotations.Nullable;

/**
 * One policy domain analysed over whole UTC days: what the dashboard and the API show of it. A
 * report counts on the day its period begins. Small whatever the volume: the sources are listed up
 * to a bound (largest first) and the rest is summed; the rows the advisor and the simulator need
 * are kept aggregated.
 *
 * @param domain the policy domain
 * @param from the first day
 * @param to the last day (included)
 * @param total all messages of the period ({@code key} is the domain)
 * @param byDay one entry per day of the period, oldest first, zeros included ({@code key} is the
 *     ISO date)
 * @param byFromDomain per From domain (the domain and its subdomains), by name
 * @param byReporter per reporter, by name
 * @param sources the largest sources, largest first
 * @param sourceCount how many sources there are in all
 * @param unlisted messages of the sources not listed, per class (every class present)
 * @param reporterFlags reporters whose verdicts disagree with the recomputed alignment
 * @param latestPolicy the policy published in the report with the latest end, or null without
 *     reports
 * @param records report rows analysed
 * @param simulationRows the rows aggregated by From domain, class and verdict, for {@link
 *     PolicySimulator}
 * @param advisorInputs what the {@link DeploymentAdvisor}'s gates measure over the period
 */
public record DomainSnapshot(
    String domain,
    LocalDate from,
    LocalDate to,
    Totals total,
    List<Totals> byDay,
    List<Totals> byFromDomain,
    List<Totals> byReporter,
    List<SourceReport> sources,
    int sourceCount,
    Map<SourceClass, Long> unlisted,
    List<ReporterFlag> reporterFlags,
    @Nullable PolicyPublished latestPolicy,
    long records,
    List<ClassifiedRow> simulationRows,
    AdvisorInputs advisorInputs) {
  /** Checks and copies. */
  public DomainSnapshot {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(total, "total");
    byDay = List.copyOf(byDay);
    byFromDomain = List.copyOf(byFromDomain);
    byReporter = List.copyOf(byReporter);
    sources = List.copyOf(sources);
    unlisted = Map.copyOf(unlisted);
    reporterFlags = List.copyOf(reporterFlags);
    simulationRows = List.copyOf(simulationRows);
    Objects.requireNonNull(advisorInputs, "advisorInputs");
  }

  /** The first instant of the period. */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period. */
  public Instant endExclusive() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * What a policy would have done to the period's mail. Exact for {@code pct=100} (RFC 9989 has no
   * {@code pct}); a smaller {@code pct} is rounded per aggregated row, not per report row.
   */
  public PolicyImpact simulate(PolicySimulator simulator, TargetPolicy target) {
    return simulator.simulate(domain, simulationRows, target, start(), endExclusive());
  }

  /**
   * The deployment advice over this period (the advisor's window should be the period's length).
   *
   * @param currentRecord the domain's current DMARC record text, or null to use the latest report's
   *     policy
   */
  public Advice advise(DeploymentAdvisor advisor, @Nullable String currentRecord) {
    return advisor.advise(domain, advisorInputs, latestPolicy, currentRecord);
  }

  /** The listed source with this key, if listed. */
  public java.util.Optional<SourceReport> source(SourceKey key) {
    for (SourceReport s : sources) {
      if (s.source().equals(key)) {
        return java.util.Optional.of(s);
      }
    }
    SourceReport r = advisorInputs.reports().get(key);
    if (r != null) {
      return java.util.Optional.of(r);
    }
    return java.util.Optional.empty();
  }
}
