// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.dmarcpilot.report.aggregate.PolicyPublished;

/**
 * What {@link SourceAnalyzer} found in a set of reports.
 *
 * @param sources every source per policy domain, largest first
 * @param rows every row with its class, in input order (empty when the analysis handed the rows to
 *     a consumer instead of keeping them: {@link SourceAnalyzer#analyze(Iterable,
 *     java.util.function.Consumer)})
 * @param reporterFlags reporters whose verdicts disagree with the recomputed alignment
 * @param latestPolicy per policy domain, the published policy of the report with the latest end
 */
public record AnalysisResult(
    List<SourceReport> sources,
    List<ClassifiedRow> rows,
    List<ReporterFlag> reporterFlags,
    Map<String, PolicyPublished> latestPolicy) {
  public AnalysisResult {
    sources = List.copyOf(sources);
    rows = List.copyOf(rows);
    reporterFlags = List.copyOf(reporterFlags);
    latestPolicy = Map.copyOf(latestPolicy);
  }

  /** The policy the latest report of a domain showed. */
  public Optional<PolicyPublished> policyOf(String domain) {
    return Optional.ofNullable(latestPolicy.get(domain));
  }

  /** The sources of one policy domain. */
  public List<SourceReport> sourcesOf(String domain) {
    return sources.stream().filter(s -> s.domain().equals(domain)).toList();
  }

  /** The rows of one policy domain. */
  public List<ClassifiedRow> rowsOf(String domain) {
    return rows.stream().filter(r -> r.policyDomain().equals(domain)).toList();
  }

  /** The policy domains present, sorted. */
  public List<String> domains() {
    TreeSet<String> d = new TreeSet<>();
    rows.forEach(r -> d.add(r.policyDomain()));
    return List.copyOf(d);
  }
}
