// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.jspecify.annotations.Nullable;

/**
 * The deployment advisor: where a domain stands (none → quarantine with {@code t=y} → quarantine →
 * reject), whether it is ready for the next step, the exact record to publish and what blocks it.
 * The gates look at the window before {@code now}:
 *
 * <ul>
 *   <li>{@code data}: reports arrived in the window;
 *   <li>{@code aligned-share}: at least {@link AdvisorThresholds#minAlignedShare} of legitimate
 *       volume (aligned plus yours-not-aligned; forwarded mail is not the owner's to fix) aligned;
 *   <li>{@code services-aligned}: no source of the owner's is "yours, not aligned";
 *   <li>{@code reporters}: at least {@link AdvisorThresholds#minReporters} reporters;
 *   <li>{@code unknown-sources}: no unknown source above {@link AdvisorThresholds#maxUnknownShare}
 *       of all volume.
 * </ul>
 *
 * A domain that sends no mail (no legitimate volume at all, only data) goes to {@code p=reject} at
 * once. {@code np} becomes {@code reject} with the first enforcing step. Immutable.
 */
public final class DeploymentAdvisor {
  private final AdvisorThresholds thresholds;

  /** An advisor with the given thresholds. */
  public DeploymentAdvisor(AdvisorThresholds thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  /**
   * Advises one domain.
   *
   * @param domain the policy domain
   * @param result the analysis of its reports (other domains are ignored)
   * @param now the end of the window
   * @param currentRecord the domain's current DMARC record text if known (its {@code rua}, {@code
   *     ruf} and other tags are kept), else null: the latest report's policy is used
   */
  public Advice advise(
      String domain, AnalysisResult result, Instant now, @Nullable String currentRecord) {
    Window w = window(domain, now);
    result.rowsOf(domain).forEach(w);
    return advise(w, result, currentRecord);
  }

  /**
   * A window's volumes to add the classified rows of one domain to as the analysis makes them (see
   * {@link SourceAnalyzer#analyze(Iterable, java.util.function.Consumer)}), so that the rows need
   * not be kept; {@link #advise(Window, AnalysisResult, String)} then advises from them.
   *
   * @param domain the policy domain (rows of others are ignored)
   * @param now the end of the window
   */
  public Window window(String domain, Instant now) {
    return new Window(domain, now.minus(thresholds.window()), now);
  }

  /**
   * Advises the window's domain from its added-up rows and the analysis's sources and policy.
   *
   * @param window the rows, added up
   * @param result the analysis (its rows are not read)
   * @param currentRecord the domain's current DMARC record text if known, else null
   */
  public Advice advise(Window window, AnalysisResult result, @Nullable String currentRecord) {
    String domain = window.domain;
    Map<SourceKey, SourceReport> reports = new HashMap<>();
    for (SourceReport s : result.sourcesOf(domain)) {
      reports.put(s.source(), s);
    }
    return advise(
        domain,
        new AdvisorInputs(
            window.all,
            window.total,
            window.reporters,
            new HashMap<>(window.bySource),
            reports,
            Map.of()),
        result.policyOf(domain).orElse(null),
        currentRecord);
  }

  /** The volumes of one domain's rows in a window, added up as rows arrive. */
  public static final class Window implements java.util.function.Consumer<ClassifiedRow> {
    private final String domain;
    private final Instant from;
    private final Instant now;
    private final Map<SourceKey, EnumMap<SourceClass, Long>> bySource = new HashMap<>();
    private final EnumMap<SourceClass, Long> total = PolicySimulator.zeros();
    private final TreeSet<String> reporters = new TreeSet<>();
    private long all;

    private Window(String domain, Instant from, Instant now) {
      this.domain = Objects.requireNonNull(domain, "domain");
      this.from = from;
      this.now = now;
    }

    /** Adds a row when it is of the domain and its period overlaps the window. */
    @Override
    public void accept(ClassifiedRow r) {
      if (!r.policyDomain().equals(domain) || !r.end().isAfter(from) || !r.begin().isBefore(now)) {
        return;
      }
      reporters.add(r.reporter());
      all += r.count();
      total.merge(r.sourceClass(), r.count(), Math::addExact);
      bySource
          .computeIfAbsent(r.source(), k -> PolicySimulator.zeros())
          .merge(r.sourceClass(), r.count(), Math::addExact);
    }
  }

  /**
   * Advises one domain from volumes added up already (the dashboard's snapshots).
   *
   * @param domain the policy domain
   * @param in the window's volumes
   * @param latestPolicy the policy of the latest report, or null
   * @param currentRecord the domain's current DMARC record text if known, else null
   */
  public Advice advise(
      String domain,
      AdvisorInputs in,
      @Nullable PolicyPublished latestPolicy,
      @Nullable String currentRecord) {
    long all = in.messages();
    Map<SourceClass, Long> total = in.byClass();
    java.util.Set<String> reporters = in.reporters();
    Map<SourceKey, ? extends Map<SourceClass, Long>> bySource = in.sources();
    Map<SourceKey, SourceReport> reports = in.reports();
    RecordTags tags = RecordTags.of(currentRecord, latestPolicy);
    Stage stage = tags.stage();
    long aligned = total.get(SourceClass.ALIGNED);
    long yours = total.get(SourceClass.YOURS_NOT_ALIGNED);
    long legit = aligned + yours + total.get(SourceClass.FORWARDED);
    List<Gate> gates = new ArrayList<>();
    String days = thresholds.window().toDays() + " days";
    gates.add(
        new Gate(
            "data",
            "reports received in the last " + days,
            all > 0,
            all + " messages",
            "> 0",
            all > 0 ? List.of() : List.of("no reports for " + domain + " in the last " + days)));
    double share = aligned + yours == 0 ? 1.0 : (double) aligned / (aligned + yours);
    gates.add(
        new Gate(
            "aligned-share",
            "legitimate volume aligned",
            share >= thresholds.minAlignedShare(),
            percentAgainst(share, thresholds.minAlignedShare())
                + " ("
                + aligned
                + " of "
                + (aligned + yours)
                + ")",
            ">= " + percent(thresholds.minAlignedShare()),
            share >= thresholds.minAlignedShare()
                ? List.of()
                : List.of(yours + " legitimate messages are not aligned; fix the sources below")));
    List<String> notAligned = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    bySource.entrySet().stream()
        .sorted((a, b) -> Long.compare(sum(b.getValue()), sum(a.getValue())))
        .forEach(
            e -> {
              SourceReport s = reports.get(e.getKey());
              String label = s != null ? s.label() : in.label(e.getKey());
              SourceClass cls = dominant(e.getValue());
              if (cls == SourceClass.YOURS_NOT_ALIGNED) {
                String fix =
                    s != null && s.fix() != null
                        ? " SPF: " + s.fix().spf() + " DKIM: " + s.fix().dkim()
                        : "";
                notAligned.add(
                    label
                        + ": "
                        + e.getValue().get(SourceClass.YOURS_NOT_ALIGNED)
                        + " messages not aligned."
                        + fix);
              }
            });
    for (Map.Entry<SourceKey, ? extends Map<SourceClass, Long>> e : bySource.entrySet()) {
      long u = e.getValue().get(SourceClass.UNKNOWN);
      if (dominant(e.getValue()) == SourceClass.UNKNOWN
          && all > 0
          && (double) u / all > thresholds.maxUnknownShare()) {
        SourceReport s = reports.get(e.getKey());
        unknown.add(
            (s != null ? s.label() : in.label(e.getKey()))
                + ": "
                + percentAgainst((double) u / all, thresholds.maxUnknownShare())
                + " of volume from an unknown source; mark it mine (and fix it) or not mine");
      }
    }
    unknown.sort(null);
    gates.add(
        new Gate(
            "services-aligned",
            "every service of yours aligned",
            notAligned.isEmpty(),
            notAligned.size() + " not aligned",
            "0",
            notAligned));
    gates.add(
        new Gate(
            "reporters",
            "distinct reporters in the last " + days,
            reporters.size() >= thresholds.minReporters(),
            Integer.toString(reporters.size()),
            ">= " + thresholds.minReporters(),
            reporters.size() >= thresholds.minReporters()
                ? List.of()
                : List.of(
                    "only "
                        + reporters.size()
                        + " reporter(s): wait for reports from more receivers")));
    gates.add(
        new Gate(
            "unknown-sources",
            "no unknown source above " + percent(thresholds.maxUnknownShare()) + " of volume",
            unknown.isEmpty(),
            unknown.size() + " above",
            "0",
            unknown));
    boolean sendsNoMail = all > 0 && legit == 0;
    return decide(domain, stage, tags, gates, sendsNoMail);
  }

  private Advice decide(
      String domain, Stage stage, RecordTags tags, List<Gate> gates, boolean sendsNoMail) {
    Policy sp = tags.policy("sp", tags.policy("p", Policy.NONE));
    Policy np = tags.policy("np", sp);
    Stage next;
    String record;
    List<String> blockers = new ArrayList<>();
    if (sendsNoMail) {
      next =
          stage == Stage.REJECT && sp == Policy.REJECT && np == Policy.REJECT ? null : Stage.REJECT;
      record = next == null ? null : tags.next(Policy.REJECT, false, Policy.REJECT, Policy.REJECT);
      if (!gates.get(0).passed()) {
        blockers.addAll(gates.get(0).blockers());
      }
    } else {
      next =
          switch (stage) {
            case MONITOR -> Stage.QUARANTINE_TESTING;
            case QUARANTINE_TESTING -> Stage.QUARANTINE;
            case QUARANTINE, REJECT_TESTING -> Stage.REJECT;
            case REJECT -> sp == Policy.REJECT && np == Policy.REJECT ? null : Stage.REJECT;
          };
      record =
          next == null
              ? null
              : switch (next) {
                case QUARANTINE_TESTING ->
                    tags.next(
                        Policy.QUARANTINE,
                        true,
                        stricter(sp, Policy.QUARANTINE),
                        stricter(np, Policy.REJECT));
                case QUARANTINE ->
                    tags.next(
                        Policy.QUARANTINE,
                        false,
                        stricter(sp, Policy.QUARANTINE),
                        stricter(np, Policy.REJECT));
                default -> tags.next(Policy.REJECT, false, Policy.REJECT, Policy.REJECT);
              };
      for (Gate g : gates) {
        if (!g.passed()) {
          blockers.add(g.title() + ": " + g.measured() + " (needs " + g.required() + ")");
          blockers.addAll(g.blockers());
        }
      }
    }
    boolean ready = next != null && blockers.isEmpty();
    String summary;
    if (next == null) {
      summary = domain + " is at p=reject with sp and np at reject: nothing left to tighten.";
    } else if (sendsNoMail) {
      summary =
          domain
              + " sends no legitimate mail: publish p=reject (with sp and np) now. "
              + (ready ? "" : "Blocked: " + String.join("; ", blockers));
    } else if (ready) {
      summary =
          domain
              + " is ready to move from "
              + label(stage)
              + " to "
              + label(next)
              + ": publish "
              + record;
    } else {
      summary =
          domain
              + " is not ready to move from "
              + label(stage)
              + " to "
              + label(next)
              + ": "
              + blockers.size()
              + " blocker(s).";
    }
    return new Advice(
        domain,
        stage,
        tags.describePolicy(),
        gates,
        sendsNoMail,
        ready,
        next,
        record,
        blockers,
        summary.strip());
  }

  /** The stricter of two policies: an existing sp or np is never weakened. */
  private static Policy stricter(Policy a, Policy b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String label(Stage s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static long sum(Map<SourceClass, Long> m) {
    long t = 0;
    for (long v : m.values()) {
      t += v;
    }
    return t;
  }

  private static SourceClass dominant(Map<SourceClass, Long> m) {
    SourceClass best = SourceClass.ALIGNED;
    long n = -1;
    for (SourceClass c :
        List.of(
            SourceClass.SPOOFING,
            SourceClass.YOURS_NOT_ALIGNED,
            SourceClass.UNKNOWN,
            SourceClass.FORWARDED,
            SourceClass.ALIGNED)) {
      if (m.get(c) > n) {
        n = m.get(c);
        best = c;
      }
    }
    return best;
  }

  /** A share as a percentage: a tenth of a percent, more where needed (0.05 %), no more. */
  static String percent(double share) {
    for (int d = 1; d < 4; d++) {
      if (Math.abs(round(share, d) - 100.0 * share) < 1e-9) {
        return format(share, d);
      }
    }
    return format(share, 4);
  }

  /**
   * A share measured against a gate's limit: to a tenth of a percent, with more decimals where the
   * rounding would put it on the other side of the limit or at 100 %: 97.96 % against 98 % is
   * "97.96 %", not "98.0 %"; 99.96 % is not "100.0 %"; 1.04 % against 1 % is "1.04 %".
   */
  static String percentAgainst(double share, double limit) {
    for (int d = 1; d < 4; d++) {
      double rs = round(share, d);
      double rl = round(limit, d);
      boolean misleading =
          (share < limit && rs >= rl) || (share > limit && rs <= rl) || (share < 1 && rs >= 100);
      if (!misleading) {
        return format(share, d);
      }
    }
    return format(share, 4);
  }

  private static double round(double share, int decimals) {
    return new java.math.BigDecimal(100.0 * share)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }

  private static String format(double share, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f %%", round(share, decimals));
  }
}
