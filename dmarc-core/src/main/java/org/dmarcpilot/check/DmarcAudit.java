// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.TxtData;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryStatus;
import org.dmarcpilot.policy.DmarcLookup;
import org.dmarcpilot.policy.DmarcRecord;
import org.dmarcpilot.policy.FailureOption;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PolicyApplicability;
import org.dmarcpilot.policy.PolicyDiscovery;
import org.dmarcpilot.policy.PolicyOutcome;
import org.dmarcpilot.policy.PolicyScope;
import org.dmarcpilot.policy.PsdFlag;

/** The DMARC part of the audit: discovery, the TXT records at _dmarc, and the record's content. */
final class DmarcAudit {
  private static final List<String> KNOWN_TAGS =
      List.of(
          "v", "p", "sp", "np", "psd", "t", "adkim", "aspf", "fo", "rua", "ruf", "pct", "rf", "ri");

  private DmarcAudit() {}

  static void run(AuditContext ctx) {
    PolicyDiscovery discovery =
        new PolicyDiscovery(ctx.dns, ctx.options.discoveryMethod(), ctx.options.publicSuffixList());
    PolicyOutcome outcome = discovery.discover(ctx.domain);
    ctx.policy = outcome;
    DmarcLookup own = outcome.lookups().get(0);
    String ownName = DmarcLookup.queryName(ctx.domain);
    txtAtDmarc(ctx, own.answer());
    if (own.status() == DmarcLookup.Status.MULTIPLE) {
      ctx.add(
          CheckId.DMARC_MULTIPLE,
          own.dmarcTexts().size() + " DMARC records at " + ownName,
          AuditContext.evidence(own.answer()));
    }
    apex(ctx, own.found());
    DmarcRecord record = outcome.record();
    if (outcome.status() == DiscoveryStatus.NOT_FOUND) {
      if (own.status() != DmarcLookup.Status.MULTIPLE) {
        ctx.add(
            CheckId.DMARC_MISSING,
            "No DMARC record at " + ownName + " or any parent domain",
            "Publish: "
                + ownName
                + " TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@"
                + ctx.domain
                + "\" (see the recommended record below)",
            evidence(outcome));
      }
      ctx.record(AuditSection.DMARC, "(no DMARC record)");
      return;
    }
    if (record == null) {
      return; // a temporary failure, reported as such
    }
    String at = DmarcLookup.queryName(outcome.policyDomain());
    ctx.record(AuditSection.DMARC, at + " TXT \"" + record.text() + "\"");
    if (!own.found()) {
      ctx.record(
          AuditSection.DMARC,
          "(inherited: "
              + outcome.scope().tag()
              + "="
              + outcome.appliedPolicy().map(Policy::token).orElse("?")
              + " applies to "
              + ctx.domain
              + ", found by "
              + outcome.method().token()
              + ")");
      ctx.add(
          CheckId.DMARC_INHERITED,
          ctx.domain
              + " has no record of its own; the record at "
              + at
              + " applies ("
              + outcome.scope().tag()
              + "="
              + outcome.requestedPolicy().map(Policy::token).orElse("none")
              + ")",
          evidence(outcome));
    }
    List<String> ev = List.of(at + " TXT \"" + record.text() + "\"");
    issues(ctx, record, outcome, ev);
    content(ctx, record, outcome, ev);
    ReportUriAudit.run(ctx, outcome.policyDomain(), record, discovery.orgDomains());
    if (ctx.options.parked()) {
      parked(ctx, outcome, ev);
    }
  }

  private static List<String> evidence(PolicyOutcome outcome) {
    List<String> out = new ArrayList<>();
    for (DmarcLookup l : outcome.lookups()) {
      out.add(l.answer().describe());
    }
    return out;
  }

  /** Classifies every TXT record at _dmarc.<domain>. */
  private static void txtAtDmarc(AuditContext ctx, DnsAnswer<TxtData> answer) {
    for (TxtData t : answer.values()) {
      String text = t.text();
      String ev = AuditContext.evidence(answer.name(), t);
      if (DmarcRecord.looksLikeDmarc(text)) {
        continue;
      }
      String lower = text.strip().toLowerCase(Locale.ROOT);
      if (!text.isEmpty()
          && Character.isWhitespace(text.charAt(0))
          && DmarcRecord.looksLikeDmarc(text.strip())) {
        ctx.add(
            CheckId.DMARC_LEADING_WHITESPACE,
            "The DMARC record at " + answer.name() + " starts with whitespace",
            "Publish it without the leading space: \"" + text.strip() + "\"",
            List.of(ev));
      } else if (lower.startsWith("v=dmarc") || lower.startsWith("v = dmarc")) {
        ctx.add(
            CheckId.DMARC_BAD_VERSION,
            "The record at " + answer.name() + " does not start with exactly v=DMARC1;",
            List.of(ev));
      } else if (versionLater(text) != null) {
        ctx.add(
            CheckId.DMARC_BAD_VERSION,
            "The record at " + answer.name() + " has v=DMARC1, but not first",
            "Publish it with v=DMARC1 first: \"" + versionLater(text) + "\"",
            List.of(ev));
      } else if (lower.startsWith("v=spf1")) {
        ctx.add(
            CheckId.DMARC_SPF_AT_DMARC,
            "An SPF record is published at " + answer.name(),
            List.of(ev));
      } else {
        ctx.add(
            CheckId.DMARC_UNRELATED_TXT,
            "A TXT record at " + answer.name() + " is not a DMARC record",
            List.of(ev));
      }
    }
  }

  /**
   * The record with its {@code v=DMARC1} tag moved to the front, when a tag after the first is
   * exactly that; otherwise null.
   */
  static @org.jspecify.annotations.Nullable String versionLater(String text) {
    String[] tags = text.split(";");
    for (int i = 1; i < tags.length; i++) {
      String t = tags[i].strip();
      int eq = t.indexOf('=');
      if (eq > 0
          && t.substring(0, eq).strip().equalsIgnoreCase("v")
          && t.substring(eq + 1).strip().equals("DMARC1")) {
        StringBuilder sb = new StringBuilder("v=DMARC1");
        for (int j = 0; j < tags.length; j++) {
          if (j != i && !tags[j].isBlank()) {
            sb.append("; ").append(tags[j].strip());
          }
        }
        return sb.toString();
      }
    }
    return null;
  }

  /** A v=DMARC1 record at the domain itself. */
  private static void apex(AuditContext ctx, boolean ownFound) {
    DnsAnswer<TxtData> apex = ctx.apexTxt();
    for (TxtData t : apex.values()) {
      if (DmarcRecord.looksLikeDmarc(t.text().strip())) {
        String ev = AuditContext.evidence(apex.name(), t);
        if (ownFound) {
          ctx.add(
              CheckId.DMARC_AT_APEX,
              "A DMARC record at " + ctx.domain + " has no effect",
              List.of(ev));
        } else {
          ctx.add(
              CheckId.DMARC_WRONG_LOCATION,
              "The DMARC record is published at " + ctx.domain + " instead of _dmarc." + ctx.domain,
              "Publish it at _dmarc." + ctx.domain + " and delete it at " + ctx.domain,
              List.of(ev));
        }
      }
    }
  }

  /** The parser's issues as findings. */
  private static void issues(
      AuditContext ctx, DmarcRecord record, PolicyOutcome outcome, List<String> ev) {
    List<RecordIssue> issues = new ArrayList<>();
    try {
      DmarcRecord.parse(record.text(), issues);
    } catch (org.dmarcpilot.dns.RecordSyntaxException e) {
      return;
    }
    for (RecordIssue i : issues) {
      switch (i.kind()) {
        case SYNTAX -> ctx.add(CheckId.DMARC_SYNTAX, "Syntax error: " + i, ev);
        case DUPLICATE_TAG -> ctx.add(CheckId.DMARC_DUPLICATE_TAG, "Duplicate tag " + i.tag(), ev);
        case INVALID_VALUE -> {
          if (Set.of("p", "sp", "np").contains(i.tag())) {
            PolicyApplicability a = record.applicability();
            String effect =
                a == PolicyApplicability.APPLY_AS_NONE
                    ? "receivers act as if p=none"
                    : "receivers ignore the whole record (no valid rua either)";
            ctx.add(CheckId.DMARC_INVALID_POLICY, i.message() + "; " + effect, ev);
          } else if (i.tag().equals("rua") || i.tag().equals("ruf")) {
            ctx.add(CheckId.DMARC_INVALID_URI, i.message(), ev);
          } else {
            ctx.add(CheckId.DMARC_INVALID_VALUE, i.message(), ev);
          }
        }
        case UNKNOWN_TAG -> {
          String guess = closest(i.tag());
          ctx.add(
              CheckId.DMARC_UNKNOWN_TAG,
              "Unknown tag " + i.tag() + (guess == null ? "" : " (did you mean " + guess + "?)"),
              guess == null
                  ? CheckId.DMARC_UNKNOWN_TAG.fix()
                  : "Rename " + i.tag() + " to " + guess + ", or remove it.",
              ev);
        }
        case REMOVED_TAG -> {
          String title = i.tag() + " was removed in RFC 9989";
          if (i.tag().equals("pct")
              && record.legacyPercent().isPresent()
              && record.legacyPercent().getAsInt() < 100) {
            title +=
                "; pct="
                    + record.legacyPercent().getAsInt()
                    + " makes RFC 7489 receivers apply the policy to only part of the failing mail";
          }
          ctx.add(CheckId.DMARC_REMOVED_TAG, title, ev);
        }
        case CASE -> ctx.add(CheckId.DMARC_CASE, i.message(), ev);
        case OBSOLETE_SYNTAX -> ctx.add(CheckId.DMARC_URI_SIZE, i.message(), ev);
        case UNSUPPORTED -> ctx.add(CheckId.DMARC_UNSUPPORTED_URI, i.message(), ev);
        case ORDER -> ctx.add(CheckId.DMARC_P_NOT_SECOND, "p is not the tag right after v", ev);
        default -> throw new IllegalStateException(i.kind().name());
      }
    }
  }

  /** Checks of the record's meaning. */
  private static void content(
      AuditContext ctx, DmarcRecord record, PolicyOutcome outcome, List<String> ev) {
    if (!record.hasTag("p")) {
      ctx.add(CheckId.DMARC_MISSING_P, "The record has no p tag", ev);
    }
    boolean own = outcome.scope() == PolicyScope.DOMAIN;
    if (record.applicability() == PolicyApplicability.APPLY && !ctx.options.parked()) {
      Policy p = own ? record.policy() : outcome.requestedPolicy().orElse(Policy.NONE);
      String tag = outcome.scope().tag();
      if (p == Policy.NONE) {
        ctx.add(
            CheckId.DMARC_P_NONE,
            tag + "=none: mail that fails DMARC as " + ctx.domain + " is still delivered",
            ev);
      } else if (p == Policy.QUARANTINE) {
        ctx.add(CheckId.DMARC_P_QUARANTINE, tag + "=quarantine: one step from reject", ev);
      }
    }
    if ("none".equalsIgnoreCase(record.tag("sp").orElse("")) && record.policy() != Policy.NONE) {
      ctx.add(
          CheckId.DMARC_SP_NONE,
          "sp=none leaves subdomains unprotected while p=" + record.policy().token(),
          ev);
    }
    String sp = record.tag("sp").orElse(record.policy().token());
    if ("none".equalsIgnoreCase(record.tag("np").orElse(""))
        && !"none".equalsIgnoreCase(sp)
        && record.policy() != Policy.NONE) {
      ctx.add(
          CheckId.DMARC_NP_NONE,
          "np=none leaves non-existent subdomains unprotected while "
              + (record.hasTag("sp") ? "sp=" : "p=")
              + sp.toLowerCase(java.util.Locale.ROOT),
          ev);
    }
    if (record.testing()) {
      ctx.add(
          CheckId.DMARC_TESTING,
          "t=y: receivers apply "
              + record.policy().downgraded().token()
              + " instead of "
              + record.policy().token(),
          ev);
    }
    if (record.failureOptions().contains(FailureOption.ALL_FAIL)
        && record.failureOptions().contains(FailureOption.ANY_FAIL)) {
      ctx.add(CheckId.DMARC_FO_REDUNDANT, "fo has both 0 and 1", ev);
    }
    if (record.hasTag("fo") && record.failureReportUris().isEmpty()) {
      ctx.add(CheckId.DMARC_FO_WITHOUT_RUF, "fo is set but there is no ruf", ev);
    }
    if (record.aggregateReportUris().isEmpty()) {
      ctx.add(CheckId.DMARC_NO_RUA, "No rua: you receive no aggregate reports", ev);
    }
    if (!record.failureReportUris().isEmpty()) {
      ctx.add(CheckId.DMARC_RUF, "ruf asks for failure reports", ev);
    }
    if (record.aggregateReportUris().size() > 2 || record.failureReportUris().size() > 2) {
      ctx.add(CheckId.DMARC_TOO_MANY_URIS, "More than two report addresses in rua or ruf", ev);
    }
    if (record.dkimAlignment() == AlignmentMode.STRICT
        || record.spfAlignment() == AlignmentMode.STRICT) {
      ctx.add(
          CheckId.DMARC_STRICT_ALIGNMENT,
          "Strict alignment: "
              + (record.dkimAlignment() == AlignmentMode.STRICT ? "adkim=s " : "")
              + (record.spfAlignment() == AlignmentMode.STRICT ? "aspf=s" : ""),
          ev);
    }
    if (record.psd() == PsdFlag.YES) {
      ctx.add(
          CheckId.DMARC_PSD,
          "psd=y: " + outcome.policyDomain() + " declares itself a public suffix",
          ev);
    }
  }

  private static void parked(AuditContext ctx, PolicyOutcome outcome, List<String> ev) {
    Policy applied = outcome.requestedPolicy().orElse(Policy.NONE);
    DmarcRecord r = outcome.record();
    if (applied != Policy.REJECT || (r != null && r.testing())) {
      ctx.add(
          CheckId.PARKED_DMARC_P,
          "Parked domain: the policy is "
              + applied.token()
              + (r != null && r.testing() ? " in testing mode" : "")
              + ", not reject",
          ev);
    }
    if (r != null && r.subdomainPolicy() != Policy.REJECT) {
      ctx.add(
          CheckId.PARKED_DMARC_SP,
          "Parked domain: subdomains get " + r.subdomainPolicy().token() + ", not reject",
          ev);
    }
  }

  /** The known tag nearest to a misspelt one (edit distance 1, or 2 for long names). */
  static @org.jspecify.annotations.Nullable String closest(String tag) {
    for (String known : KNOWN_TAGS) {
      int d = distance(tag, known);
      if (d == 1 || (d == 2 && known.length() > 3 && tag.length() > 3)) {
        return known;
      }
    }
    return null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
