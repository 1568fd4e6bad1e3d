// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordType;
import org.dmarcpilot.dns.ResourceData;
import org.dmarcpilot.dns.TxtData;
import org.dmarcpilot.spf.SpfAnalysis;
import org.dmarcpilot.spf.SpfAnalyzer;
import org.dmarcpilot.spf.SpfFlattening;
import org.dmarcpilot.spf.SpfLimits;
import org.dmarcpilot.spf.SpfMechanism;
import org.dmarcpilot.spf.SpfProblem;
import org.dmarcpilot.spf.SpfQualifier;
import org.dmarcpilot.spf.SpfRecord;
import org.dmarcpilot.spf.SpfTerm;

/** The SPF part of the audit. */
final class SpfAudit {
  /** The longest TXT character-string (RFC 1035 §3.3). */
  static final int MAX_STRING = 255;

  /** RFC 7208 §3.4: keep answers under about this many bytes. */
  static final int RECOMMENDED_SIZE = 450;

  /** The classic UDP answer size. */
  static final int UDP_SIZE = 512;

  private SpfAudit() {}

  static void run(AuditContext ctx) {
    SpfLimits limits = SpfLimits.RFC7208;
    SpfAnalysis a = new SpfAnalyzer(ctx.dns, limits).analyze(ctx.domain);
    DnsAnswer<TxtData> apex = a.answer();
    if (apex.status() == DnsStatus.NXDOMAIN || apex.status() == DnsStatus.TEMPFAIL) {
      return;
    }
    for (TxtData t : apex.values()) {
      String ev = AuditContext.evidence(apex.name(), t);
      if (t.malformed()) {
        ctx.add(
            CheckId.SPF_UNDECODABLE,
            "A TXT record at " + ctx.domain + " is not valid UTF-8",
            List.of(ev));
      }
      if (t.text().toLowerCase(Locale.ROOT).startsWith("spf2.0/")) {
        ctx.add(CheckId.SPF_SENDER_ID, "A Sender ID record was found", List.of(ev));
      }
    }
    for (String m : a.malformedVersions()) {
      ctx.add(
          CheckId.SPF_BAD_VERSION,
          "\"" + abbreviate(m) + "\" is not a valid SPF record",
          List.of(ctx.domain + " TXT \"" + m + "\""));
    }
    DnsAnswer<ResourceData> spfType = ctx.dns.query(ctx.domain, RecordType.SPF);
    if (spfType.isOk()) {
      ctx.add(
          CheckId.SPF_RR_TYPE,
          "Obsolete SPF-type (99) records are published at " + ctx.domain,
          List.of(spfType.describe()));
    }
    switch (a.status()) {
      case NONE -> {
        ctx.record(AuditSection.SPF, "(no SPF record)");
        if (ctx.options.parked()) {
          ctx.add(CheckId.PARKED_SPF, "Parked domain without SPF", AuditContext.evidence(apex));
        } else {
          ctx.add(
              CheckId.SPF_MISSING, "No SPF record at " + ctx.domain, AuditContext.evidence(apex));
        }
        return;
      }
      case MULTIPLE -> {
        ctx.add(
            CheckId.SPF_MULTIPLE,
            "More than one SPF record at " + ctx.domain,
            AuditContext.evidence(apex));
        return;
      }
      case INVALID -> {
        ctx.record(AuditSection.SPF, AuditContext.evidence(apex.name(), a.txt()));
        List<String> ev = List.of(AuditContext.evidence(apex.name(), a.txt()));
        String spaced = a.txt() == null ? null : spacedAtJoins(a.txt());
        if (spaced != null) {
          ctx.add(
              CheckId.SPF_SYNTAX,
              "Invalid SPF record: its TXT strings are joined without a space, so two terms run"
                  + " together",
              "End each string but the last with a space: " + spaced,
              List.of(ev.get(0), "the parser: " + a.syntaxError()));
        } else {
          ctx.add(CheckId.SPF_SYNTAX, "Invalid SPF record: " + a.syntaxError(), ev);
        }
        return;
      }
      case FOUND -> found(ctx, a, limits);
      default -> {
        return;
      }
    }
  }

  private static void found(AuditContext ctx, SpfAnalysis a, SpfLimits limits) {
    TxtData txt = a.txt();
    SpfRecord r = a.record();
    String line = AuditContext.evidence(ctx.domain, txt);
    List<String> ev = List.of(line);
    ctx.record(AuditSection.SPF, line);
    ctx.record(
        AuditSection.SPF,
        a.dnsLookups()
            + "/"
            + limits.maxDnsLookups()
            + " DNS lookups, "
            + a.voidLookups()
            + "/"
            + limits.maxVoidLookups()
            + " void lookups");
    for (SpfAnalysis.SpfNode n : a.includes()) {
      ctx.record(
          AuditSection.SPF,
          "  ".repeat(n.depth())
              + n.term()
              + "  ("
              + n.lookups()
              + (n.lookups() == 1 ? " lookup" : " lookups")
              + (n.outcome().equals("FOUND") ? "" : ", " + n.outcome())
              + ")");
    }
    for (int i = 0; i < txt.strings().size(); i++) {
      if (txt.octets().get(i) > MAX_STRING) {
        ctx.add(
            CheckId.SPF_STRING_TOO_LONG,
            "TXT string " + (i + 1) + " is " + txt.octets().get(i) + " characters long",
            ev);
      }
    }
    if (txt.totalOctets() > UDP_SIZE) {
      ctx.add(CheckId.SPF_SIZE_UDP, "The SPF record is " + txt.totalOctets() + " bytes long", ev);
    } else if (txt.totalOctets() > RECOMMENDED_SIZE) {
      ctx.add(CheckId.SPF_SIZE, "The SPF record is " + txt.totalOctets() + " bytes long", ev);
    }
    for (RecordIssue i : a.issues()) {
      switch (i.kind()) {
        case ORDER -> ctx.add(CheckId.SPF_AFTER_ALL, i.message(), ev);
        case UNSUPPORTED -> ctx.add(CheckId.SPF_PTR, "The record uses ptr", ev);
        case UNKNOWN_TAG -> ctx.add(CheckId.SPF_UNKNOWN_MODIFIER, i.message(), ev);
        default -> ctx.add(CheckId.SPF_SYNTAX, i.message(), ev);
      }
    }
    List<SpfTerm> terms = r.terms();
    if (r.explanation().isPresent() && terms.get(terms.size() - 1) != r.explanation().get()) {
      ctx.add(CheckId.SPF_EXP_NOT_LAST, "Terms follow the exp modifier", ev);
    }
    allQualifier(ctx, r, ev);
    problems(ctx, a, limits, ev);
    if (ctx.options.parked() && !r.text().strip().equalsIgnoreCase("v=spf1 -all")) {
      ctx.add(
          CheckId.PARKED_SPF, "Parked domain: the SPF record allows senders or is not strict", ev);
    }
  }

  private static void allQualifier(AuditContext ctx, SpfRecord r, List<String> ev) {
    SpfMechanism all = r.all().orElse(null);
    if (all == null) {
      if (r.redirect().isEmpty()) {
        ctx.add(
            CheckId.SPF_NO_ALL,
            "The record ends without all or redirect",
            "Append -all (or ~all): \"" + r.text().strip() + " -all\"",
            ev);
      }
      return;
    }
    if (all.qualifier() == SpfQualifier.PASS) {
      ctx.add(
          CheckId.SPF_PASS_ALL,
          "\"" + all.text() + "\" lets any server pass",
          "Replace " + all.text() + " by -all",
          ev);
    } else if (all.qualifier() == SpfQualifier.NEUTRAL) {
      ctx.add(
          CheckId.SPF_NEUTRAL_ALL,
          "?all gives unlisted servers a neutral result",
          "Replace ?all by -all (or ~all)",
          ev);
    }
  }

  private static void problems(AuditContext ctx, SpfAnalysis a, SpfLimits limits, List<String> ev) {
    for (SpfProblem p : a.problems()) {
      List<String> pev = new ArrayList<>(ev);
      if (!p.domain().equals(ctx.domain)) {
        pev.add("in the record of " + p.domain() + ": " + p.term());
      }
      String where = p.term().isEmpty() ? "" : p.term() + ": ";
      switch (p.code()) {
        case TOO_MANY_LOOKUPS ->
            ctx.add(
                CheckId.SPF_TOO_MANY_LOOKUPS,
                "SPF needs "
                    + a.dnsLookups()
                    + " DNS lookups; the limit is "
                    + limits.maxDnsLookups(),
                pev);
        case TOO_MANY_VOID_LOOKUPS ->
            ctx.add(
                CheckId.SPF_TOO_MANY_VOID,
                a.voidLookups()
                    + " lookups return nothing; the limit is "
                    + limits.maxVoidLookups(),
                pev);
        case INCLUDE_LOOP -> ctx.add(CheckId.SPF_INCLUDE_LOOP, "Include loop: " + p.detail(), pev);
        case REDIRECT_LOOP ->
            ctx.add(CheckId.SPF_REDIRECT_LOOP, "Redirect loop: " + p.detail(), pev);
        case TARGET_WITHOUT_RECORD, TARGET_MULTIPLE_RECORDS, TARGET_INVALID ->
            ctx.add(CheckId.SPF_TARGET, where + p.detail(), pev);
        case TARGET_PASSES_ALL ->
            ctx.add(
                CheckId.SPF_PASS_ALL,
                p.term() + " lets any server pass: " + p.detail(),
                "Remove "
                    + p.term()
                    + " from the record of "
                    + p.domain()
                    + ", or have the owner of its record end it with -all (or ~all)",
                pev);
        case VOID_TARGET -> ctx.add(CheckId.SPF_VOID_TARGET, where + p.detail(), pev);
        case TOO_MANY_MX_HOSTS -> ctx.add(CheckId.SPF_MX_TOO_MANY, where + p.detail(), pev);
        case MX_HOST_WITHOUT_ADDRESS ->
            ctx.add(CheckId.SPF_MX_HOST_NO_ADDRESS, where + p.detail(), pev);
        case DUPLICATE_INCLUDE -> ctx.add(CheckId.SPF_DUPLICATE_INCLUDE, p.detail(), pev);
        case MACRO_NOT_RESOLVED -> ctx.add(CheckId.SPF_MACRO, where + p.detail(), pev);
        case EXPLANATION_TXT -> ctx.add(CheckId.SPF_EXP_TARGET, p.detail(), pev);
        case ANALYSIS_LIMIT -> ctx.add(CheckId.SPF_ANALYSIS_LIMIT, p.detail(), pev);
        case TEMPFAIL -> {
          // reported once, as a DNS failure
        }
        default -> throw new IllegalStateException(p.code().name());
      }
    }
    int lookups = a.dnsLookups();
    if (lookups >= limits.maxDnsLookups() - 1 && lookups <= limits.maxDnsLookups()) {
      ctx.add(
          CheckId.SPF_LOOKUPS_NEAR_LIMIT,
          "SPF uses " + lookups + " of " + limits.maxDnsLookups() + " DNS lookups",
          ev);
    }
    SpfFlattening f = a.flattening();
    if (f != null && lookups >= limits.maxDnsLookups() - 1 && f.savedLookups() > 0) {
      List<String> fev = new ArrayList<>();
      fev.add(
          "flattened ("
              + f.bytes()
              + " bytes, "
              + f.networks().size()
              + " ranges, "
              + f.lookupsAfter()
              + " lookups): "
              + AuditContext.shorten(f.record()));
      if (!f.keptTerms().isEmpty()) {
        fev.add("kept as they are: " + String.join(" ", f.keptTerms()));
      }
      ctx.add(
          CheckId.SPF_FLATTENING,
          "Flattening would save "
              + f.savedLookups()
              + " lookups ("
              + f.lookupsBefore()
              + " -> "
              + f.lookupsAfter()
              + ")",
          fev);
    }
  }

  /**
   * The record's strings, in zone-file form, with a space added where two strings meet without
   * whitespace, when that is what breaks the record (it parses then); otherwise null. Receivers
   * join the strings as they are (RFC 7208 §3.3).
   */
  static @org.jspecify.annotations.Nullable String spacedAtJoins(TxtData txt) {
    List<String> strings = txt.strings();
    List<String> fixed = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < strings.size(); i++) {
      String s = strings.get(i);
      if (i < strings.size() - 1
          && !s.isEmpty()
          && !Character.isWhitespace(s.charAt(s.length() - 1))
          && !strings.get(i + 1).isEmpty()
          && !Character.isWhitespace(strings.get(i + 1).charAt(0))) {
        s = s + " ";
        changed = true;
      }
      fixed.add(s);
    }
    if (!changed) {
      return null;
    }
    try {
      SpfRecord.parse(String.join("", fixed));
    } catch (org.dmarcpilot.dns.RecordSyntaxException e) {
      return null;
    }
    return TxtData.of(fixed).presentation();
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
