// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.TxtData;
import org.jspecify.annotations.Nullable;

/**
 * The static analysis of a domain's SPF tree: the record, the lookup counts through every include
 * and redirect, the problems, and a flattening preview.
 *
 * @param domain the domain analysed
 * @param status what the TXT query at the domain found
 * @param answer the TXT answer at the domain, for evidence
 * @param txt the TXT record that holds the SPF record (its strings show how it was split), or null
 * @param record the parsed record, or null
 * @param syntaxError why the record does not parse (the problem and its index), or null
 * @param issues what the parser noticed in the record
 * @param malformedVersions TXT strings that look like SPF but do not start with exactly {@code
 *     v=spf1} and a space (for example {@code v=spf1a} or a leading space)
 * @param dnsLookups DNS-querying terms in the whole tree (include, a, mx, ptr, exists, redirect)
 * @param voidLookups lookups that returned NXDOMAIN or no records
 * @param problems what the analysis found, in tree order
 * @param includes the include and redirect tree, depth first
 * @param flattening the flattening preview, or null when there is no record
 */
public record SpfAnalysis(
    String domain,
    Status status,
    DnsAnswer<TxtData> answer,
    @Nullable TxtData txt,
    @Nullable SpfRecord record,
    @Nullable String syntaxError,
    List<RecordIssue> issues,
    List<String> malformedVersions,
    int dnsLookups,
    int voidLookups,
    List<SpfProblem> problems,
    List<SpfNode> includes,
    @Nullable SpfFlattening flattening) {

  /** What the TXT query at the domain found. */
  public enum Status {
    /** One SPF record that parses. */
    FOUND,
    /** One SPF record that does not parse (permerror). */
    INVALID,
    /** More than one SPF record (permerror). */
    MULTIPLE,
    /** No SPF record (the name exists). */
    NONE,
    /** The domain does not exist. */
    NXDOMAIN,
    /** The query failed temporarily. */
    TEMPFAIL
  }

  /**
   * One include or redirect in the tree.
   *
   * @param depth 1 for a term of the domain's own record, 2 for one inside an include, ...
   * @param term the term as written ({@code include:_spf.example.net} or {@code redirect=...})
   * @param target the domain it points to
   * @param lookups the DNS-querying terms this branch costs, the term itself included
   * @param outcome what was found there: FOUND, or a problem code
   */
  public record SpfNode(int depth, String term, String target, int lookups, String outcome) {}

  public SpfAnalysis {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(answer, "answer");
    issues = List.copyOf(issues);
    malformedVersions = List.copyOf(malformedVersions);
    problems = List.copyOf(problems);
    includes = List.copyOf(includes);
  }

  /** Whether the tree needs more lookups than the limit allows. */
  public boolean exceedsLookupLimit(SpfLimits limits) {
    return dnsLookups > limits.maxDnsLookups();
  }

  /** Whether some problem of a code was found. */
  public boolean has(SpfProblem.Code code) {
    return problems.stream().anyMatch(p -> p.code() == code);
  }
}
