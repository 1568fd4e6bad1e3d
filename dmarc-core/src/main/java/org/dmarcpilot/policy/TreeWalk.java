// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DomainNames;
import org.jspecify.annotations.Nullable;

/**
 * The DNS tree walk of RFC 9989 §4.10: the names to query, the walk, and the Organizational Domain
 * rules of §4.10.2.
 *
 * <ol>
 *   <li>Query {@code _dmarc.<start>}; stop on a single record with {@code psd=n} or {@code psd=y}.
 *   <li>With x labels: if x &lt; 8 remove the left-most label, otherwise remove left-most labels
 *       until 7 remain.
 *   <li>Query, stop as above, remove one more label, and repeat while labels remain (the TLD is
 *       queried too).
 * </ol>
 *
 * That is at most {@value #MAX_QUERIES} queries for any name.
 */
final class TreeWalk {
  /** The most queries a walk makes. */
  static final int MAX_QUERIES = 8;

  /** The label count from which the walk jumps: names with this many or more labels. */
  static final int SHORTCUT_LABELS = 8;

  private TreeWalk() {}

  /** The names a walk from {@code start} queries, in order, if nothing stops it. */
  static List<String> targets(String start) {
    List<String> out = new ArrayList<>();
    if (start.isEmpty()) {
      return out;
    }
    out.add(start);
    int x = DomainNames.labelCount(start);
    String next =
        x >= SHORTCUT_LABELS
            ? DomainNames.lastLabels(start, SHORTCUT_LABELS - 1)
            : DomainNames.parent(start);
    while (!next.isEmpty()) {
      out.add(next);
      next = DomainNames.parent(next);
    }
    return out;
  }

  /**
   * Walks from {@code start}. With {@code includeStart} false the start name is not queried (policy
   * discovery has asked already). Stops at the first single record with {@code psd=y} or {@code
   * psd=n}; a temporary failure does not stop the walk, the caller decides what it means.
   */
  static List<DmarcLookup> walk(DnsResolver dns, String start, boolean includeStart) {
    List<DmarcLookup> out = new ArrayList<>();
    List<String> targets = targets(start);
    for (int i = includeStart ? 0 : 1; i < targets.size(); i++) {
      DmarcLookup l = DmarcLookup.query(dns, targets.get(i));
      out.add(l);
      if (stops(l)) {
        break;
      }
    }
    return out;
  }

  /** Whether a lookup stops the walk: one record with {@code psd=y} or {@code psd=n}. */
  static boolean stops(DmarcLookup l) {
    DmarcRecord r = l.record();
    return r != null && r.psd() != PsdFlag.UNKNOWN;
  }

  /**
   * The Organizational Domain from the lookups of a walk that started at {@code start} (longest
   * name first), RFC 9989 §4.10.2: the first record with {@code psd=n} names it; a record with
   * {@code psd=y} other than at the start makes it the name one label below; otherwise the name
   * with the fewest labels that has a record; with no record at all, the start itself.
   */
  static OrgDomainOutcome organizationalDomain(String start, List<DmarcLookup> lookups) {
    String fewest = null;
    for (DmarcLookup l : lookups) {
      if (l.status() == DmarcLookup.Status.TEMPFAIL) {
        return new OrgDomainOutcome(
            DiscoveryStatus.TEMPFAIL, start, start, DiscoveryMethod.TREEWALK, lookups);
      }
      DmarcRecord r = l.record();
      if (r == null) {
        continue;
      }
      if (r.psd() == PsdFlag.NO) {
        return found(start, l.domain(), lookups);
      }
      if (r.psd() == PsdFlag.YES && !l.domain().equals(start)) {
        return found(start, childToward(start, l.domain()), lookups);
      }
      fewest = l.domain();
    }
    if (fewest != null) {
      return found(start, fewest, lookups);
    }
    return new OrgDomainOutcome(
        DiscoveryStatus.NOT_FOUND, start, start, DiscoveryMethod.TREEWALK, lookups);
  }

  private static OrgDomainOutcome found(String start, String org, List<DmarcLookup> lookups) {
    return new OrgDomainOutcome(
        DiscoveryStatus.FOUND, start, org, DiscoveryMethod.TREEWALK, lookups);
  }

  /** The name one label below {@code ancestor} on the way to {@code name}. */
  static String childToward(String name, String ancestor) {
    return DomainNames.lastLabels(name, DomainNames.labelCount(ancestor) + 1);
  }

  /** The lookup for a name among those made, or null. */
  static @Nullable DmarcLookup lookupOf(List<DmarcLookup> lookups, String domain) {
    for (DmarcLookup l : lookups) {
      if (l.domain().equals(domain)) {
        return l;
      }
    }
    return null;
  }
}
