// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Summaries of classified rows: by day (a report that spans several days is spread over them in
 * proportion, with exact sums: {@link DaySpread}), by reporter, and by From domain (the policy
 * domain and each subdomain). Rows of other policy domains and rows whose period does not overlap
 * {@code [from, to)} are left out.
 */
public final class Summaries {
  private Summaries() {}

  /** Totals per UTC day, in date order. */
  public static List<Totals> byDay(
      Iterable<ClassifiedRow> rows, String domain, Instant from, Instant to) {
    Map<String, Acc> acc = new TreeMap<>();
    for (ClassifiedRow r : rows) {
      if (!in(r, domain, from, to)) {
        continue;
      }
      Map<LocalDate, Long> parts = DaySpread.spread(r.begin(), r.end(), r.count());
      for (Map.Entry<LocalDate, Long> e : parts.entrySet()) {
        acc.computeIfAbsent(e.getKey().toString(), Acc::new).add(r, e.getValue());
      }
    }
    return finish(acc);
  }

  /** Totals per reporter, by name. */
  public static List<Totals> byReporter(
      Iterable<ClassifiedRow> rows, String domain, Instant from, Instant to) {
    return group(rows, domain, from, to, ClassifiedRow::reporter);
  }

  /** Totals per From domain (the policy domain and its subdomains), by name. */
  public static List<Totals> byFromDomain(
      Iterable<ClassifiedRow> rows, String domain, Instant from, Instant to) {
    return group(rows, domain, from, to, ClassifiedRow::headerFrom);
  }

  private static List<Totals> group(
      Iterable<ClassifiedRow> rows,
      String domain,
      Instant from,
      Instant to,
      Function<ClassifiedRow, String> key) {
    Map<String, Acc> acc = new TreeMap<>();
    for (ClassifiedRow r : rows) {
      if (in(r, domain, from, to)) {
        acc.computeIfAbsent(key.apply(r), Acc::new).add(r, r.count());
      }
    }
    return finish(acc);
  }

  private static boolean in(ClassifiedRow r, String domain, Instant from, Instant to) {
    return r.policyDomain().equals(domain) && r.end().isAfter(from) && r.begin().isBefore(to)
        || r.policyDomain().equals(domain)
            && r.begin().equals(r.end())
            && !r.begin().isBefore(from)
            && r.begin().isBefore(to);
  }

  private static List<Totals> finish(Map<String, Acc> acc) {
    List<Totals> out = new ArrayList<>(acc.size());
    for (Acc a : acc.values()) {
      out.add(new Totals(a.key, a.messages, a.pass, a.dkim, a.spf, a.byClass, a.disagreeing));
    }
    return out;
  }

  private static final class Acc {
    final String key;
    long messages;
    long pass;
    long dkim;
    long spf;
    long disagreeing;
    final EnumMap<SourceClass, Long> byClass = PolicySimulator.zeros();

    Acc(String key) {
      this.key = key;
    }

    void add(ClassifiedRow r, long n) {
      messages += n;
      if (r.dmarcPass()) {
        pass += n;
      }
      if (r.dkimAligned()) {
        dkim += n;
      }
      if (r.spfAligned()) {
        spf += n;
      }
      if (r.reporterDisagrees()) {
        disagreeing += n;
      }
      byClass.merge(r.sourceClass(), n, Math::addExact);
    }
  }
}
