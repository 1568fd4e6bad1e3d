// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.MxData;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.dns.TxtData;
import org.dmarcpilot.spf.SpfAnalysis.SpfNode;
import org.dmarcpilot.spf.SpfProblem.Code;
import org.jspecify.annotations.Nullable;

/**
 * A static analysis of a domain's SPF tree, without a message: it follows every include and
 * redirect, counts DNS-querying terms against the limit of 10 (RFC 7208 §4.6.4) and void lookups
 * against 2, finds loops, missing and broken targets, mx mechanisms with too many hosts, and builds
 * a flattening preview. Terms with macros are counted once and not resolved. The work is bounded by
 * {@link SpfLimits#maxAnalysedRecords()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * SpfAnalysis a = new SpfAnalyzer(dns, SpfLimits.RFC7208).analyze("example.com");
 * a.dnsLookups();                          // 7
 * a.flattening().savedLookups();           // 5
 * }</pre>
 */
public final class SpfAnalyzer {
  private final DnsResolver dns;
  private final SpfLimits limits;

  /**
   * @param dns the resolver
   * @param limits the limits to check against
   */
  public SpfAnalyzer(DnsResolver dns, SpfLimits limits) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The SPF record found at a domain, before any analysis. */
  record Selected(
      SpfAnalysis.Status status,
      DnsAnswer<TxtData> answer,
      @Nullable TxtData txt,
      @Nullable SpfRecord record,
      @Nullable String error,
      List<RecordIssue> issues,
      List<String> malformed) {}

  /** Looks up and selects the SPF record of a domain (RFC 7208 §4.5). */
  Selected select(String domain) {
    DnsAnswer<TxtData> answer = dns.txt(domain);
    if (answer.status() == DnsStatus.TEMPFAIL) {
      return new Selected(
          SpfAnalysis.Status.TEMPFAIL, answer, null, null, null, List.of(), List.of());
    }
    if (answer.status() == DnsStatus.NXDOMAIN) {
      return new Selected(
          SpfAnalysis.Status.NXDOMAIN, answer, null, null, null, List.of(), List.of());
    }
    List<TxtData> spf = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (TxtData t : answer.values()) {
      String text = t.text();
      if (SpfRecord.isSpf(text)) {
        spf.add(t);
      } else if (text.strip().regionMatches(true, 0, "v=spf1", 0, 6)) {
        malformed.add(text);
      }
    }
    if (spf.isEmpty()) {
      return new Selected(SpfAnalysis.Status.NONE, answer, null, null, null, List.of(), malformed);
    }
    if (spf.size() > 1) {
      return new Selected(
          SpfAnalysis.Status.MULTIPLE, answer, spf.get(0), null, null, List.of(), malformed);
    }
    List<RecordIssue> issues = new ArrayList<>();
    try {
      SpfRecord r = SpfRecord.parse(spf.get(0).text(), issues);
      return new Selected(SpfAnalysis.Status.FOUND, answer, spf.get(0), r, null, issues, malformed);
    } catch (RecordSyntaxException e) {
      return new Selected(
          SpfAnalysis.Status.INVALID,
          answer,
          spf.get(0),
          null,
          e.problem() + (e.index() >= 0 ? " (index " + e.index() + ")" : ""),
          issues,
          malformed);
    }
  }

  /** Analyses the SPF tree of a domain. */
  public SpfAnalysis analyze(String domain) {
    String d = DomainNames.normalize(Objects.requireNonNull(domain, "domain"));
    Selected top = select(d);
    if (top.record() == null) {
      return new SpfAnalysis(
          d,
          top.status(),
          top.answer(),
          top.txt(),
          null,
          top.error(),
          top.issues(),
          top.malformed(),
          0,
          0,
          List.of(),
          List.of(),
          null);
    }
    Run run = new Run();
    Deque<String> stack = new ArrayDeque<>();
    stack.push(d);
    Expansion e = analyzeRecord(run, d, top.record(), stack, 1, true);
    top.record().explanation().ifPresent(exp -> explanation(run, d, exp));
    if (run.lookups > limits.maxDnsLookups()) {
      run.problems.add(
          new SpfProblem(
              Code.TOO_MANY_LOOKUPS,
              d,
              "",
              run.lookups + "/" + limits.maxDnsLookups() + " DNS lookups"));
    }
    if (run.voids > limits.maxVoidLookups()) {
      run.problems.add(
          new SpfProblem(
              Code.TOO_MANY_VOID_LOOKUPS,
              d,
              "",
              run.voids + "/" + limits.maxVoidLookups() + " void DNS lookups"));
    }
    SpfFlattening flattening = flattening(top.record(), e.terms(), e.all(), run.lookups);
    return new SpfAnalysis(
        d,
        top.status(),
        top.answer(),
        top.txt(),
        top.record(),
        null,
        top.issues(),
        top.malformed(),
        run.lookups,
        run.voids,
        run.problems,
        run.nodes,
        flattening);
  }

  /** The mutable state of one analysis. */
  private static final class Run {
    int lookups;
    int voids;
    int fetched;
    final List<SpfProblem> problems = new ArrayList<>();
    final List<SpfNode> nodes = new ArrayList<>();
    final Set<String> included = new HashSet<>();
  }

  /**
   * What a record expands to: the terms of a flattened record in order, and whether all of it could
   * be expanded (no ptr, exists, macros or broken targets).
   */
  private record Expansion(List<String> terms, boolean complete, String all) {}

  private Expansion analyzeRecord(
      Run run, String domain, SpfRecord rec, Deque<String> stack, int depth, boolean top) {
    List<String> terms = new ArrayList<>();
    boolean complete = true;
    String all = "";
    for (SpfTerm term : rec.terms()) {
      if (!(term instanceof SpfMechanism m)) {
        continue;
      }
      if (m.type() == MechanismType.ALL) {
        all = m.text();
        break; // terms after all are never evaluated
      }
      if (m.type().countsAsLookup()) {
        run.lookups++;
      }
      boolean pass = m.qualifier() == SpfQualifier.PASS;
      switch (m.type()) {
        case IP4, IP6 -> terms.add(pass ? network(m) : m.text());
        case INCLUDE -> {
          Expansion sub = follow(run, domain, m.text(), m.domainSpec(), stack, depth, false);
          if (sub != null && sub.complete() && pass) {
            terms.addAll(sub.terms());
          } else {
            terms.add(m.text());
            complete &= sub != null && sub.complete();
          }
        }
        case A -> {
          List<String> nets = addresses(run, domain, m);
          if (nets == null || !pass) {
            terms.add(m.text());
            complete &= nets != null;
          } else {
            terms.addAll(nets);
          }
        }
        case MX -> {
          List<String> nets = mx(run, domain, m);
          if (nets == null || !pass) {
            terms.add(m.text());
            complete &= nets != null;
          } else {
            terms.addAll(nets);
          }
        }
        case EXISTS -> {
          if (m.hasMacros()) {
            macro(run, domain, m.text());
          } else if (dns.a(m.domainSpec()).status().isEmpty()) {
            voidLookup(run, domain, m.text(), m.domainSpec() + " has no A record");
          }
          terms.add(m.text());
          complete = false;
        }
        case PTR -> {
          terms.add(m.text());
          complete = false;
        }
        default -> throw new IllegalStateException(m.type().name());
      }
    }
    if (all.isEmpty() && rec.redirect().isPresent()) {
      SpfModifier r = rec.redirect().get();
      run.lookups++;
      Expansion sub = follow(run, domain, r.text(), r.value(), stack, depth, true);
      if (sub != null) {
        terms.addAll(sub.terms());
        all = sub.all();
        complete &= sub.complete();
      } else {
        terms.add(r.text());
        complete = false;
      }
    }
    return new Expansion(terms, complete, all);
  }

  /** Follows an include or redirect; returns null when the target cannot be used. */
  private @Nullable Expansion follow(
      Run run,
      String domain,
      String term,
      String spec,
      Deque<String> stack,
      int depth,
      boolean redirect) {
    if (spec.indexOf('%') >= 0) {
      macro(run, domain, term);
      run.nodes.add(new SpfNode(depth, term, spec, 1, "macro"));
      return null;
    }
    String target = DomainNames.normalize(spec);
    if (stack.contains(target)) {
      run.problems.add(
          new SpfProblem(
              redirect ? Code.REDIRECT_LOOP : Code.INCLUDE_LOOP,
              domain,
              term,
              loop(stack, target)));
      run.nodes.add(new SpfNode(depth, term, target, 1, "loop"));
      return null;
    }
    if (!redirect && !run.included.add(target)) {
      run.problems.add(
          new SpfProblem(
              Code.DUPLICATE_INCLUDE, domain, term, target + " is included more than once"));
    }
    if (run.fetched >= limits.maxAnalysedRecords()) {
      if (run.problems.stream().noneMatch(p -> p.code() == Code.ANALYSIS_LIMIT)) {
        run.problems.add(
            new SpfProblem(
                Code.ANALYSIS_LIMIT,
                domain,
                term,
                "stopped after " + limits.maxAnalysedRecords() + " records; counts are a minimum"));
      }
      return null;
    }
    run.fetched++;
    int before = run.lookups;
    int nodeIndex = run.nodes.size();
    run.nodes.add(new SpfNode(depth, term, target, 1, "FOUND"));
    Selected s = select(target);
    String outcome = "FOUND";
    Expansion result = null;
    switch (s.status()) {
      case FOUND -> {
        stack.push(target);
        result = analyzeRecord(run, target, s.record(), stack, depth + 1, false);
        stack.pop();
        SpfMechanism all = s.record().all().orElse(null);
        if (all != null && all.qualifier() == SpfQualifier.PASS) {
          run.problems.add(
              new SpfProblem(
                  Code.TARGET_PASSES_ALL,
                  domain,
                  term,
                  target
                      + " ends with "
                      + all.text()
                      + (redirect
                          ? ", so every server passes"
                          : ", so the include matches every server")));
        }
      }
      case TEMPFAIL -> {
        outcome = "TEMPFAIL";
        run.problems.add(new SpfProblem(Code.TEMPFAIL, domain, term, s.answer().describe()));
      }
      case NXDOMAIN, NONE -> {
        outcome = s.status().name();
        if (s.answer().status().isEmpty()) {
          run.voids++;
        }
        run.problems.add(
            new SpfProblem(
                Code.TARGET_WITHOUT_RECORD,
                domain,
                term,
                target
                    + (s.status() == SpfAnalysis.Status.NXDOMAIN
                        ? " does not exist"
                        : " has no SPF record")));
      }
      case MULTIPLE -> {
        outcome = "MULTIPLE";
        run.problems.add(
            new SpfProblem(
                Code.TARGET_MULTIPLE_RECORDS, domain, term, target + " has several SPF records"));
      }
      case INVALID -> {
        outcome = "INVALID";
        run.problems.add(
            new SpfProblem(Code.TARGET_INVALID, domain, term, String.valueOf(s.error())));
      }
      default -> throw new IllegalStateException(s.status().name());
    }
    run.nodes.set(nodeIndex, new SpfNode(depth, term, target, 1 + run.lookups - before, outcome));
    return result;
  }

  private @Nullable List<String> addresses(Run run, String domain, SpfMechanism m) {
    if (m.hasMacros()) {
      macro(run, domain, m.text());
      return null;
    }
    String name = m.domainSpec().isEmpty() ? domain : DomainNames.normalize(m.domainSpec());
    DnsAnswer<InetAddress> a = dns.a(name);
    DnsAnswer<InetAddress> aaaa = dns.aaaa(name);
    if (a.status() == DnsStatus.TEMPFAIL || aaaa.status() == DnsStatus.TEMPFAIL) {
      run.problems.add(
          new SpfProblem(Code.TEMPFAIL, domain, m.text(), name + ": temporary failure"));
      return null;
    }
    if (a.values().isEmpty() && aaaa.values().isEmpty()) {
      voidLookup(run, domain, m.text(), name + " has no A or AAAA records");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    a.values().forEach(ip -> out.add(Cidr.of(ip, m.ip4Prefix())));
    aaaa.values().forEach(ip -> out.add(Cidr.of(ip, m.ip6Prefix())));
    return out;
  }

  private @Nullable List<String> mx(Run run, String domain, SpfMechanism m) {
    if (m.hasMacros()) {
      macro(run, domain, m.text());
      return null;
    }
    String name = m.domainSpec().isEmpty() ? domain : DomainNames.normalize(m.domainSpec());
    DnsAnswer<MxData> mx = dns.mx(name);
    if (mx.status() == DnsStatus.TEMPFAIL) {
      run.problems.add(new SpfProblem(Code.TEMPFAIL, domain, m.text(), mx.describe()));
      return null;
    }
    List<MxData> hosts = mx.values().stream().filter(h -> !h.isNullMx()).toList();
    if (hosts.isEmpty()) {
      voidLookup(run, domain, m.text(), name + " has no MX records");
      return List.of();
    }
    if (hosts.size() > limits.maxMxHosts()) {
      run.problems.add(
          new SpfProblem(
              Code.TOO_MANY_MX_HOSTS,
              domain,
              m.text(),
              name
                  + " has "
                  + hosts.size()
                  + " MX hosts; more than "
                  + limits.maxMxHosts()
                  + " is a permerror"));
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (MxData h : hosts) {
      DnsAnswer<InetAddress> a = dns.a(h.exchange());
      DnsAnswer<InetAddress> aaaa = dns.aaaa(h.exchange());
      if (a.values().isEmpty() && aaaa.values().isEmpty()) {
        run.problems.add(
            new SpfProblem(
                Code.MX_HOST_WITHOUT_ADDRESS, domain, m.text(), h.exchange() + " has no address"));
      }
      a.values().forEach(ip -> out.add(Cidr.of(ip, m.ip4Prefix())));
      aaaa.values().forEach(ip -> out.add(Cidr.of(ip, m.ip6Prefix())));
    }
    return new ArrayList<>(out);
  }

  private void explanation(Run run, String domain, SpfModifier exp) {
    if (exp.hasMacros()) {
      return;
    }
    DnsAnswer<TxtData> t = dns.txt(exp.value());
    if (t.status() == DnsStatus.TEMPFAIL) {
      return;
    }
    if (t.values().size() != 1) {
      run.problems.add(
          new SpfProblem(
              Code.EXPLANATION_TXT,
              domain,
              exp.text(),
              (t.values().isEmpty() ? "no TXT record" : "more than one TXT record")
                  + " at exp target "
                  + exp.value()));
    }
  }

  private static void macro(Run run, String domain, String term) {
    run.problems.add(
        new SpfProblem(
            Code.MACRO_NOT_RESOLVED, domain, term, "holds macros; counted as one lookup"));
  }

  private static void voidLookup(Run run, String domain, String term, String detail) {
    run.voids++;
    run.problems.add(new SpfProblem(Code.VOID_TARGET, domain, term, detail));
  }

  private static String loop(Deque<String> stack, String target) {
    List<String> path = new ArrayList<>(stack);
    java.util.Collections.reverse(path);
    path.add(target);
    return String.join(" -> ", path);
  }

  private static String network(SpfMechanism m) {
    InetAddress a = Objects.requireNonNull(m.network());
    return Cidr.of(a, a instanceof Inet4Address ? m.ip4Prefix() : m.ip6Prefix());
  }

  private static SpfFlattening flattening(
      SpfRecord top, List<String> expansion, String expansionAll, int lookupsBefore) {
    Set<String> unique = new LinkedHashSet<>(expansion);
    List<String> networks = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    int after = 0;
    for (String t : unique) {
      if (t.startsWith("ip4:") || t.startsWith("ip6:")) {
        networks.add(t);
      } else {
        kept.add(t);
        String name = t.replaceFirst("^[-+~?]", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("include:")
            || name.startsWith("a")
            || name.startsWith("mx")
            || name.startsWith("ptr")
            || name.startsWith("exists:")
            || name.startsWith("redirect=")) {
          after++;
        }
      }
    }
    StringBuilder sb = new StringBuilder("v=spf1");
    for (String t : unique) {
      sb.append(' ').append(t);
    }
    String all =
        expansionAll.isEmpty() ? top.all().map(SpfMechanism::text).orElse("") : expansionAll;
    if (!all.isEmpty()) {
      sb.append(' ').append(all);
    }
    top.explanation().ifPresent(x -> sb.append(' ').append(x.text()));
    return new SpfFlattening(networks, kept, sb.toString(), lookupsBefore, after);
  }
}
