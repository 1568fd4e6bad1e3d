// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.Confidence;
import org.dmarcpilot.app.enrich.Evidence;
import org.dmarcpilot.app.enrich.Identification;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.AlignmentFix;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.jspecify.annotations.Nullable;

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

  /** Analyses the reports (read once, in order). */
  public AnalysisResult analyze(Iterable<AggregateReport> reports) {
    Map<String, Acc> sources = new LinkedHashMap<>();
    Map<String, FlagAcc> flags = new LinkedHashMap<>();
    List<ClassifiedRow> rows = new ArrayList<>();
    Map<String, PolicyPublished> latest = new LinkedHashMap<>();
    Map<String, Instant> latestEnd = new LinkedHashMap<>();
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
        rows.add(
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
            .computeIfAbsent(domain + " " + key, k -> new Acc(domain, key, keyMark))
            .add(row, a, f, id, v, reporter);
        if (a.reporterDisagrees()) {
          flags
              .computeIfAbsent(reporter + " " + domain, k -> new FlagAcc(reporter, domain))
              .add(row.count(), a.disagreements());
        }
      }
    }
    List<SourceReport> out = new ArrayList<>();
    for (Acc acc : sources.values()) {
      out.add(acc.finish());
    }
    out.sort(
        Comparator.comparing(SourceReport::domain)
            .thenComparing(Comparator.comparingLong(SourceReport::messages).reversed())
            .thenComparing(s -> s.source().toString()));
    List<ReporterFlag> flagList = new ArrayList<>();
    flags.values().forEach(fa -> flagList.add(fa.finish()));
    return new AnalysisResult(out, rows, flagList, latest);
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

  /** Adds up the rows of one source. */
  private static final class Acc {
    final String domain;
    final SourceKey key;
    final @Nullable OwnerMark mark;
    final EnumMap<SourceClass, Long> byClass = new EnumMap<>(SourceClass.class);
    final Map<SourceClass, Set<String>> evidenceByClass = new EnumMap<>(SourceClass.class);
    final Set<String> ips = new TreeSet<>();
    final Set<String> ptrs = new TreeSet<>();
    final Set<String> countries = new TreeSet<>();
    final Set<String> reporters = new TreeSet<>();
    final Set<String> idEvidence = new LinkedHashSet<>();
    @Nullable SendingService service;
    Confidence confidence = Confidence.LOW;
    long messages;
    long dmarcPass;
    long dkimAligned;
    long spfAligned;

    Acc(String domain, SourceKey key, @Nullable OwnerMark mark) {
      this.domain = domain;
      this.key = key;
      this.mark = mark;
      for (SourceClass c : SourceClass.values()) {
        byClass.put(c, 0L);
      }
    }

    void add(
        ReportRecord row,
        RowAlignment a,
        IpFacts f,
        Identification id,
        RowClassifier.Verdict v,
        String reporter) {
      long n = row.count();
      messages = Math.addExact(messages, n);
      byClass.merge(v.sourceClass(), n, Math::addExact);
      if (a.dmarcPass()) {
        dmarcPass += n;
      }
      if (a.dkimAligned()) {
        dkimAligned += n;
      }
      if (a.spfAligned()) {
        spfAligned += n;
      }
      ips.add(row.sourceIp().getHostAddress());
      if (f.ptr() != null && ptrs.size() < MAX_IPS_LISTED) {
        ptrs.add(f.ptr());
      }
      if (f.country() != null) {
        countries.add(f.country());
      }
      reporters.add(reporter);
      Set<String> ev = evidenceByClass.computeIfAbsent(v.sourceClass(), k -> new LinkedHashSet<>());
      for (String e : v.evidence()) {
        if (ev.size() < MAX_IPS_LISTED) {
          ev.add(e);
        }
      }
      if (id.identified() && (service == null || id.confidence().compareTo(confidence) > 0)) {
        service = id.service();
        confidence = id.confidence();
        idEvidence.clear();
        for (Evidence e : id.evidence()) {
          idEvidence.add(e.describe() + " [" + e.strength().name().toLowerCase(Locale.ROOT) + "]");
        }
      }
    }

    SourceReport finish() {
      SourceClass cls = SourceClass.ALIGNED;
      long best = -1;
      // the largest share wins; on a tie the class that needs more attention
      for (SourceClass c :
          List.of(
              SourceClass.SPOOFING,
              SourceClass.YOURS_NOT_ALIGNED,
              SourceClass.UNKNOWN,
              SourceClass.FORWARDED,
              SourceClass.ALIGNED)) {
        if (byClass.get(c) > best) {
          best = byClass.get(c);
          cls = c;
        }
      }
      List<String> evidence = new ArrayList<>();
      if (service != null) {
        evidence.add("identified as " + service.name() + " by " + String.join(", ", idEvidence));
      }
      evidence.addAll(evidenceByClass.getOrDefault(cls, Set.of()));
      AlignmentFix fix = null;
      if (cls == SourceClass.YOURS_NOT_ALIGNED) {
        fix = service != null && key.service() ? service.fix() : ownServerFix();
      }
      List<String> ipList = ips.stream().limit(MAX_IPS_LISTED).toList();
      return new SourceReport(
          domain,
          key,
          key.service() && service != null ? service.id() : null,
          key.service() && service != null ? service.name() : null,
          key.service() ? confidence : (service != null ? confidence : Confidence.LOW),
          cls,
          messages,
          byClass,
          dmarcPass,
          dkimAligned,
          spfAligned,
          ipList,
          ips.size(),
          List.copyOf(ptrs),
          List.copyOf(countries),
          List.copyOf(reporters),
          evidence.stream().limit(MAX_IPS_LISTED).toList(),
          fix,
          mark);
    }

    private AlignmentFix ownServerFix() {
      String ip = key.service() ? "this service's servers" : key.value();
      return new AlignmentFix(
          "Authorise "
              + ip
              + " in the SPF record of the envelope domain and use an envelope sender (MAIL FROM)"
              + " under "
              + domain
              + " (ip4:/ip6: mechanism, or the include of the service that runs it).",
          "Sign the mail sent from "
              + ip
              + " with DKIM using d="
              + domain
              + " (or a subdomain of it) and publish the public key at <selector>._domainkey."
              + domain
              + ".");
    }
  }
}
