// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.Identification;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.jspecify.annotations.Nullable;

/**
 * Analyses one policy domain over whole UTC days into a {@link DomainSnapshot}, streaming: rows are
 * classified exactly as {@link SourceAnalyzer} classifies them and added up at once, so memory
 * grows with the number of sources, not of rows, and the snapshot keeps only the largest sources.
 * The per-source figures, evidence and fixes equal {@link SourceAnalyzer}'s for the same rows.
 *
 * <pre>{@code
 * DomainAnalyzer.Run run = analyzer.start("example.com", from, to);
 * DomainRows.stream(store, "example.com", from, to, (h, row) ->
 *     run.add(h.orgName(), h.begin(), h.end(), h.policy(), row));
 * DomainSnapshot snapshot = run.finish();
 * }</pre>
 */
public final class DomainAnalyzer {
  /** How many sources a snapshot lists by default. */
  public static final int DEFAULT_LISTED = 500;

  private final AlignmentEvaluator alignment;
  private final ServiceIdentifier identifier;
  private final Function<InetAddress, IpFacts> facts;
  private final OwnerMarks marks;
  private final int listed;

  /**
   * An analyzer.
   *
   * @param alignment recomputes alignment
   * @param identifier names services
   * @param facts what enrichment knows about an IP ({@link IpFacts#unknown} when nothing)
   * @param marks the owner's marks
   * @param listed how many sources a snapshot lists (the largest)
   */
  public DomainAnalyzer(
      AlignmentEvaluator alignment,
      ServiceIdentifier identifier,
      Function<InetAddress, IpFacts> facts,
      OwnerMarks marks,
      int listed) {
    this.alignment = Objects.requireNonNull(alignment, "alignment");
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.marks = Objects.requireNonNull(marks, "marks");
    if (listed < 1) {
      throw new IllegalArgumentException("listed < 1: " + listed);
    }
    this.listed = listed;
  }

  /** Starts the analysis of {@code domain} (lower case) over the days {@code [from, to]}. */
  public Run start(String domain, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("period ends before it starts: " + from + " " + to);
    }
    return new Run(domain, from, to);
  }

  /** The analysis of a list of reports of one domain (tests, small inputs). */
  public DomainSnapshot analyze(
      String domain,
      LocalDate from,
      LocalDate to,
      Iterable<org.dmarcpilot.report.aggregate.AggregateReport> reports) {
    Run run = start(domain, from, to);
    for (var r : reports) {
      for (ReportRecord row : r.records()) {
        run.add(
            r.metadata().orgName(),
            r.metadata().begin(),
            r.metadata().end(),
            r.policyPublished(),
            row);
      }
    }
    return run.finish();
  }

  /** One analysis in progress; not thread-safe. */
  public final class Run {
    private final String domain;
    private final LocalDate from;
    private final LocalDate to;
    private final Map<String, String> interned = new HashMap<>();
    private final Map<SourceKey, SourceTally> sources = new HashMap<>();
    private final Tally total;
    private final Tally[] days;
    private final Map<String, Tally> byFrom = new TreeMap<>();
    private final Map<String, Tally> byReporter = new TreeMap<>();
    private final Map<String, FlagTally> flags = new LinkedHashMap<>();
    private final Map<List<Object>, long[]> simulation = new HashMap<>();
    private @Nullable PolicyPublished latest;
    private @Nullable Instant latestEnd;
    private long records;

    private Run(String domain, LocalDate from, LocalDate to) {
      this.domain = domain;
      this.from = from;
      this.to = to;
      this.total = new Tally(domain);
      int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
      this.days = new Tally[n];
      for (int i = 0; i < n; i++) {
        days[i] = new Tally(from.plusDays(i).toString());
      }
    }

    /** Adds one row of a report whose period begins on a day of the run. */
    public void add(
        String reporter, Instant begin, Instant end, PolicyPublished policy, ReportRecord row) {
      int day = (int) (LocalDate.ofInstant(begin, ZoneOffset.UTC).toEpochDay() - from.toEpochDay());
      if (day < 0 || day >= days.length) {
        throw new IllegalArgumentException(
            "a report beginning " + begin + " is outside " + from + ".." + to);
      }
      records++;
      if (latestEnd == null || !end.isBefore(latestEnd)) {
        latestEnd = end;
        latest = policy;
      }
      RowAlignment a = alignment.evaluate(policy, row);
      InetAddress ip = row.sourceIp();
      IpFacts f = facts.apply(ip);
      Identification id = identifier.identify(f, row.dkim(), a.envelopeDomain(), a.spfPassed());
      SourceKey key =
          RowClassifier.known(id) ? SourceKey.ofService(id.service().id()) : SourceKey.ofIp(ip);
      SourceTally src = sources.get(key);
      if (src == null) {
        src = new SourceTally(key, marks.markFor(domain, key));
        sources.put(key, src);
      }
      OwnerMark mark =
          src.mark == null && key.service() ? marks.markFor(domain, SourceKey.ofIp(ip)) : src.mark;
      String fromDomain = row.identifiers().headerFrom();
      RowClassifier.Verdict v = RowClassifier.classify(row, a, id, mark, fromDomain);
      long n = row.count();
      SourceClass c = v.sourceClass();
      reporter = intern(reporter);
      total.add(c, a, n);
      days[day].add(c, a, n);
      byFrom.computeIfAbsent(intern(fromDomain), Tally::new).add(c, a, n);
      byReporter.computeIfAbsent(reporter, Tally::new).add(c, a, n);
      simulation.computeIfAbsent(List.of(fromDomain, c, a.dmarcPass()), k -> new long[1])[0] += n;
      src.add(this::intern, row, a, f, id, v, reporter);
      if (a.reporterDisagrees()) {
        flags.computeIfAbsent(reporter, k -> new FlagTally(k)).add(n, a.disagreements());
      }
    }

    String intern(String s) {
      String seen = interned.putIfAbsent(s, s);
      return seen != null ? seen : s;
    }

    /** The snapshot. */
    public DomainSnapshot finish() {
      Comparator<SourceTally> largestFirst =
          Comparator.comparingLong((SourceTally s) -> s.messages)
              .reversed()
              .thenComparing(s -> s.key.toString());
      // the largest `listed` sources, without sorting them all
      PriorityQueue<SourceTally> top = new PriorityQueue<>(listed + 1, largestFirst.reversed());
      for (SourceTally s : sources.values()) {
        top.add(s);
        if (top.size() > listed) {
          top.poll();
        }
      }
      List<SourceTally> kept = new ArrayList<>(top);
      kept.sort(largestFirst);
      EnumMap<SourceClass, Long> unlisted = PolicySimulator.zeros();
      java.util.Set<SourceKey> keptKeys = new java.util.HashSet<>();
      for (SourceTally s : kept) {
        keptKeys.add(s.key);
      }
      // rows for the simulator: inside the period, so it counts them all
      Instant rowBegin = from.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant rowEnd = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
      InetAddress none = InetAddress.getLoopbackAddress();
      SourceKey rest = new SourceKey(false, "(all sources)");
      List<SourceReport> listedReports = new ArrayList<>(kept.size());
      Map<SourceKey, SourceReport> reportOf = new HashMap<>();
      for (SourceTally s : kept) {
        SourceReport r = s.finish(domain);
        listedReports.add(r);
        reportOf.put(s.key, r);
      }
      Map<SourceKey, Map<SourceClass, Long>> candidates = new HashMap<>();
      Map<SourceKey, SourceReport> named = new HashMap<>();
      Map<SourceKey, String> labels = new HashMap<>();
      for (SourceTally s : sources.values()) {
        if (!keptKeys.contains(s.key)) {
          for (SourceClass c : SourceClass.values()) {
            unlisted.merge(c, s.byClass[c.ordinal()], Math::addExact);
          }
        }
        SourceClass dominant = SourceTally.dominant(s.byClass);
        if (dominant == SourceClass.YOURS_NOT_ALIGNED || dominant == SourceClass.UNKNOWN) {
          EnumMap<SourceClass, Long> v = new EnumMap<>(SourceClass.class);
          for (SourceClass c : SourceClass.values()) {
            v.put(c, s.byClass[c.ordinal()]);
          }
          candidates.put(s.key, v);
          SourceReport r = reportOf.get(s.key);
          if (r == null && dominant == SourceClass.YOURS_NOT_ALIGNED) {
            r = s.finish(domain);
          }
          if (r != null) {
            named.put(s.key, r);
          } else {
            labels.put(s.key, s.label());
          }
        }
      }
      AdvisorInputs advisorInputs =
          new AdvisorInputs(
              total.messages,
              total.totals().byClass(),
              byReporter.keySet(),
              candidates,
              named,
              labels);
      List<ClassifiedRow> simRows = new ArrayList<>(simulation.size());
      simulation.forEach(
          (k, n) ->
              simRows.add(
                  new ClassifiedRow(
                      "",
                      rowBegin,
                      rowEnd,
                      domain,
                      (String) k.get(0),
                      none,
                      rest,
                      (SourceClass) k.get(1),
                      (Boolean) k.get(2),
                      false,
                      false,
                      false,
                      n[0])));
      List<Totals> dayList = new ArrayList<>(days.length);
      for (Tally t : days) {
        dayList.add(t.totals());
      }
      List<ReporterFlag> flagList = new ArrayList<>();
      flags
          .values()
          .forEach(
              f ->
                  flagList.add(
                      new ReporterFlag(
                          f.reporter, domain, f.rows, f.messages, List.copyOf(f.examples))));
      return new DomainSnapshot(
          domain,
          from,
          to,
          total.totals(),
          dayList,
          byFrom.values().stream().map(Tally::totals).toList(),
          byReporter.values().stream().map(Tally::totals).toList(),
          listedReports,
          sources.size(),
          unlisted,
          flagList,
          latest,
          records,
          simRows,
          advisorInputs);
    }
  }

  /** Sums of one group. */
  private static final class Tally {
    final String key;
    final long[] byClass = new long[SourceClass.values().length];
    long messages;
    long pass;
    long dkim;
    long spf;
    long disagreeing;

    Tally(String key) {
      this.key = key;
    }

    void add(SourceClass c, RowAlignment a, long n) {
      messages = Math.addExact(messages, n);
      byClass[c.ordinal()] += n;
      if (a.dmarcPass()) {
        pass += n;
      }
      if (a.dkimAligned()) {
        dkim += n;
      }
      if (a.spfAligned()) {
        spf += n;
      }
      if (a.reporterDisagrees()) {
        disagreeing += n;
      }
    }

    Totals totals() {
      EnumMap<SourceClass, Long> m = new EnumMap<>(SourceClass.class);
      for (SourceClass c : SourceClass.values()) {
        m.put(c, byClass[c.ordinal()]);
      }
      return new Totals(key, messages, pass, dkim, spf, m, disagreeing);
    }
  }

  private static final class FlagTally {
    final String reporter;
    long rows;
    long messages;
    final java.util.Set<String> examples = new java.util.LinkedHashSet<>();

    FlagTally(String reporter) {
      this.reporter = reporter;
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
  }
}
