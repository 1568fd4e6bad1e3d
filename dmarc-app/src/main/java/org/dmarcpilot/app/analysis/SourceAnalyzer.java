// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.Identification;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;

/**
 * Classifies every source of every policy domain in a set of aggregate reports: each row gets its
 * recomputed alignment, its service (from the {@link ServiceIdentifier} and the IP facts of
 * enrichment), the owner's mark and a class; rows add up into one {@link SourceReport} per (policy
 * domain, source). Immutable and thread-safe; {@link #analyze} streams over its input.
 */
public final class SourceAnalyzer {
  /** How many IPs, PTR names and evidence lines a source report lists at most. */
  public static final int MAX_IPS_LISTED = 20;

  private final AlignmentEvaluator alignment;
  private final ServiceIdentifier identifier;
  private final Function<InetAddress, IpFacts> facts;
  private final OwnerMarks marks;

  /**
   * An analyzer.
   *
   * @param alignment recomputes alignment
   * @param identifier names services
   * @param facts what enrichment knows about an IP ({@link IpFacts#unknown} when nothing)
   * @param marks the owner's marks
   */
  public SourceAnalyzer(
      AlignmentEvaluator alignment,
      ServiceIdentifier identifier,
      Function<InetAddress, IpFacts> facts,
      OwnerMarks marks) {
    this.alignment = Objects.requireNonNull(alignment, "alignment");
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.marks = Objects.requireNonNull(marks, "marks");
  }

  /** Analyses the reports (read once, in order); the result keeps every classified row. */
  public AnalysisResult analyze(Iterable<AggregateReport> reports) {
    List<ClassifiedRow> rows = new ArrayList<>();
    AnalysisResult r = analyze(reports, rows::add);
    return new AnalysisResult(r.sources(), rows, r.reporterFlags(), r.latestPolicy());
  }

  /**
   * Analyses the reports (read once, in order) without keeping them or their rows: each classified
   * row goes to {@code each} as it is made, in input order, and the result's {@link
   * AnalysisResult#rows() rows} are empty. Memory grows with the number of sources, not of rows.
   */
  public AnalysisResult analyze(
      Iterable<AggregateReport> reports, Consumer<? super ClassifiedRow> each) {
    Objects.requireNonNull(each, "each");
    Map<String, SourceTally> sources = new LinkedHashMap<>();
    Map<String, String> interned = new java.util.HashMap<>();
    Map<String, FlagAcc> flags = new LinkedHashMap<>();
    Map<String, PolicyPublished> latest = new LinkedHashMap<>();
    Map<String, Instant> latestEnd = new LinkedHashMap<>();
    Map<String, String> domainOf = new java.util.HashMap<>();
    for (AggregateReport report : reports) {
      PolicyPublished policy = report.policyPublished();
      String domain = policy.domain();
      Instant end = report.metadata().end();
      Instant seen = latestEnd.get(domain);
      if (seen == null || !end.isBefore(seen)) {
        latestEnd.put(domain, end);
        latest.put(domain, policy);
      }
      String reporter = report.metadata().orgName();
      for (ReportRecord row : report.records()) {
        RowAlignment a = alignment.evaluate(policy, row);
        IpFacts f = facts.apply(row.sourceIp());
        Identification id = identifier.identify(f, row.dkim(), a.envelopeDomain(), a.spfPassed());
        SourceKey key =
            RowClassifier.known(id)
                ? SourceKey.ofService(id.service().id())
                : SourceKey.ofIp(row.sourceIp());
        OwnerMark keyMark = marks.markFor(domain, key);
        OwnerMark mark =
            keyMark == null && key.service()
                ? marks.markFor(domain, SourceKey.ofIp(row.sourceIp()))
                : keyMark;
        String from = row.identifiers().headerFrom();
        RowClassifier.Verdict v = RowClassifier.classify(row, a, id, mark, from);
        each.accept(
            new ClassifiedRow(
                reporter,
                report.metadata().begin(),
                report.metadata().end(),
                domain,
                from,
                row.sourceIp(),
                key,
                v.sourceClass(),
                a.dmarcPass(),
                a.dkimAligned(),
                a.spfAligned(),
                a.reporterDisagrees(),
                row.count()));
        sources
            .computeIfAbsent(domain + " " + key, k -> new SourceTally(key, keyMark))
            .add(t -> intern(interned, t), row, a, f, id, v, reporter);
        domainOf.putIfAbsent(domain + " " + key, domain);
        if (a.reporterDisagrees()) {
          flags
              .computeIfAbsent(reporter + " " + domain, k -> new FlagAcc(reporter, domain))
              .add(row.count(), a.disagreements());
        }
      }
    }
    List<SourceReport> out = new ArrayList<>();
    for (Map.Entry<String, SourceTally> e : sources.entrySet()) {
      out.add(e.getValue().finish(domainOf.get(e.getKey())));
    }
    out.sort(
        Comparator.comparing(SourceReport::domain)
            .thenComparing(Comparator.comparingLong(SourceReport::messages).reversed())
            .thenComparing(s -> s.source().toString()));
    List<ReporterFlag> flagList = new ArrayList<>();
    flags.values().forEach(fa -> flagList.add(fa.finish()));
    return new AnalysisResult(out, List.of(), flagList, latest);
  }

  private static String intern(Map<String, String> seen, String s) {
    String before = seen.putIfAbsent(s, s);
    return before != null ? before : s;
  }

  private static final class FlagAcc {
    final String reporter;
    final String domain;
    long rows;
    long messages;
    final Set<String> examples = new LinkedHashSet<>();

    FlagAcc(String reporter, String domain) {
      this.reporter = reporter;
      this.domain = domain;
    }

    void add(long count, List<String> what) {
      rows++;
      messages += count;
      for (String w : what) {
        if (examples.size() < 3) {
          examples.add(w);
        }
      }
    }

    ReporterFlag finish() {
      return new ReporterFlag(reporter, domain, rows, messages, List.copyOf(examples));
    }
  }
}
