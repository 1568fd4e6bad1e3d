// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.dmarcpilot.app.enrich.Confidence;
import org.dmarcpilot.app.enrich.Evidence;
import org.dmarcpilot.app.enrich.Identification;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.catalogue.AlignmentFix;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.jspecify.annotations.Nullable;

/**
 * Adds up the rows of one source of a domain into a {@link SourceReport}. Lean for the common case
 * of a source seen from one address by one reporter: sets are only made when a second value comes.
 * Shared by {@link SourceAnalyzer} and {@link DomainAnalyzer}, so both report the same.
 */
final class SourceTally {
  private static final int MAX = SourceAnalyzer.MAX_IPS_LISTED;

  final SourceKey key;
  final @Nullable OwnerMark mark;
  final long[] byClass = new long[SourceClass.values().length];
  long messages;
  long dmarcPass;
  long dkimAligned;
  long spfAligned;
  private final Values ips = new Values(Integer.MAX_VALUE);
  private final Values ptrs = new Values(MAX);
  private final Values countries = new Values(Integer.MAX_VALUE);
  private final Values reporters = new Values(Integer.MAX_VALUE);
  private @Nullable List<String> @Nullable [] evidence;
  private @Nullable SendingService service;
  private Confidence confidence = Confidence.LOW;
  private List<String> idEvidence = List.of();

  SourceTally(SourceKey key, @Nullable OwnerMark mark) {
    this.key = key;
    this.mark = mark;
  }

  void add(
      UnaryOperator<String> intern,
      ReportRecord row,
      RowAlignment a,
      IpFacts f,
      Identification id,
      RowClassifier.Verdict v,
      String reporter) {
    long n = row.count();
    messages = Math.addExact(messages, n);
    byClass[v.sourceClass().ordinal()] += n;
    if (a.dmarcPass()) {
      dmarcPass += n;
    }
    if (a.dkimAligned()) {
      dkimAligned += n;
    }
    if (a.spfAligned()) {
      spfAligned += n;
    }
    ips.add(InetAddresses.toAddrString(row.sourceIp()));
    if (f.ptr() != null) {
      ptrs.add(f.ptr());
    }
    if (f.country() != null) {
      countries.add(f.country());
    }
    reporters.add(reporter);
    if (evidence == null) {
      @SuppressWarnings("unchecked")
      List<String>[] fresh = new List[SourceClass.values().length];
      evidence = fresh;
    }
    int c = v.sourceClass().ordinal();
    List<String> ev = evidence[c];
    if (ev == null) {
      ev = new ArrayList<>(4);
      evidence[c] = ev;
    }
    for (String e : v.evidence()) {
      if (ev.size() < MAX && !ev.contains(e)) {
        ev.add(intern.apply(e));
      }
    }
    if (id.identified() && (service == null || id.confidence().compareTo(confidence) > 0)) {
      service = id.service();
      confidence = id.confidence();
      List<String> described = new ArrayList<>();
      for (Evidence e : id.evidence()) {
        String d = e.describe() + " [" + e.strength().name().toLowerCase(Locale.ROOT) + "]";
        if (!described.contains(d)) {
          described.add(intern.apply(d));
        }
      }
      idEvidence = described;
    }
  }

  /** What {@link SourceReport#label()} of {@link #finish} says, without building the report. */
  String label() {
    if (key.service() && service != null) {
      return service.name();
    }
    List<String> p = ptrs.sorted();
    return p.isEmpty() ? key.value() : key.value() + " (" + p.get(0) + ")";
  }

  /** A reporter that saw it. */
  String firstReporter() {
    return reporters.first();
  }

  /** The class of the largest share; on a tie the class that needs more attention. */
  static SourceClass dominant(long[] byClass) {
    SourceClass cls = SourceClass.ALIGNED;
    long best = -1;
    for (SourceClass c :
        List.of(
            SourceClass.SPOOFING,
            SourceClass.YOURS_NOT_ALIGNED,
            SourceClass.UNKNOWN,
            SourceClass.FORWARDED,
            SourceClass.ALIGNED)) {
      if (byClass[c.ordinal()] > best) {
        best = byClass[c.ordinal()];
        cls = c;
      }
    }
    return cls;
  }

  SourceReport finish(String domain) {
    SourceClass cls = dominant(byClass);
    List<String> ev = new ArrayList<>();
    if (service != null) {
      ev.add("identified as " + service.name() + " by " + String.join(", ", idEvidence));
    }
    if (evidence != null && evidence[cls.ordinal()] != null) {
      ev.addAll(evidence[cls.ordinal()]);
    }
    AlignmentFix fix = null;
    if (cls == SourceClass.YOURS_NOT_ALIGNED) {
      fix = service != null && key.service() ? service.fix() : ownServerFix(domain);
    }
    EnumMap<SourceClass, Long> m = new EnumMap<>(SourceClass.class);
    for (SourceClass c : SourceClass.values()) {
      m.put(c, byClass[c.ordinal()]);
    }
    return new SourceReport(
        domain,
        key,
        key.service() && service != null ? service.id() : null,
        key.service() && service != null ? service.name() : null,
        key.service() ? confidence : (service != null ? confidence : Confidence.LOW),
        cls,
        messages,
        m,
        dmarcPass,
        dkimAligned,
        spfAligned,
        ips.sorted().stream().limit(MAX).toList(),
        ips.size(),
        ptrs.sorted(),
        countries.sorted(),
        reporters.sorted(),
        ev.stream().limit(MAX).toList(),
        fix,
        mark);
  }

  private AlignmentFix ownServerFix(String domain) {
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

  /** A set of texts that is one field until a second distinct value comes. */
  private static final class Values {
    private final int max;
    private @Nullable String one;
    private @Nullable Set<String> many;

    Values(int max) {
      this.max = max;
    }

    void add(String v) {
      if (one == null) {
        one = v;
      } else if (!one.equals(v)) {
        if (many == null) {
          many = new TreeSet<>();
          many.add(one);
        }
        if (many.size() < max) {
          many.add(v);
        }
      }
    }

    int size() {
      return many != null ? many.size() : one != null ? 1 : 0;
    }

    String first() {
      return many != null ? many.iterator().next() : one != null ? one : "";
    }

    List<String> sorted() {
      if (many != null) {
        return List.copyOf(many);
      }
      return one != null ? List.of(one) : List.of();
    }
  }
}
