// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.check.RecommendedRecord.Stage;
import org.dmarcpilot.policy.DiscoveryStatus;
import org.dmarcpilot.policy.DmarcLookup;
import org.dmarcpilot.policy.DmarcRecord;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PolicyApplicability;
import org.dmarcpilot.policy.PolicyOutcome;
import org.dmarcpilot.policy.PolicyScope;
import org.dmarcpilot.policy.ReportUri;
import org.jspecify.annotations.Nullable;

/**
 * Writes the DMARC record to publish next: none, then quarantine in testing mode ({@code t=y}),
 * then quarantine, then reject; {@code np=reject} once enforcing (names that do not exist send no
 * mail); reporting addresses and alignment modes carried over; removed tags dropped.
 */
final class NextRecordAdvisor {
  private NextRecordAdvisor() {}

  static @Nullable RecommendedRecord recommend(AuditContext ctx) {
    PolicyOutcome o = ctx.policy;
    if (o == null || o.status() == DiscoveryStatus.TEMPFAIL) {
      return null;
    }
    DmarcRecord current = o.record();
    String domain = ctx.domain;
    List<String> notes = new ArrayList<>();
    if (current != null && o.scope() != PolicyScope.DOMAIN) {
      if (o.policyDomain().equals(o.organizationalDomain())) {
        domain = o.policyDomain();
        notes.add(
            ctx.domain
                + " has no record of its own and follows "
                + domain
                + "'s; this is the next step for that record.");
      } else {
        notes.add(
            ctx.domain
                + " only has a public suffix policy (at "
                + o.policyDomain()
                + "); publish a record of your own at the Organizational Domain.");
        domain = o.organizationalDomain();
        current = null;
      }
    }
    String name = DmarcLookup.queryName(domain);
    Stage stage = stage(current);
    if (ctx.options.parked()) {
      notes.add(
          "The domain sends no mail: reject everything that claims to come from it, its"
              + " subdomains and names that do not exist, with strict alignment.");
      return new RecommendedRecord(
          name,
          "v=DMARC1; p=reject; sp=reject; np=reject; adkim=s; aspf=s" + rua(current, domain, notes),
          stage,
          Stage.PARKED,
          notes);
    }
    Stage next = next(stage);
    if (current != null
        && (stage == Stage.QUARANTINE_TESTING || stage == Stage.REJECT_TESTING)
        && !current.testing()) {
      notes.add(
          "Drop pct="
              + current.legacyPercent().getAsInt()
              + " when the reports show no legitimate mail failing: RFC 7489 receivers then apply"
              + " p="
              + current.policy().token()
              + " to all failing mail instead of that share of it, as RFC 9989 receivers (which"
              + " ignore pct) already do.");
    } else {
      notes.add(note(stage, next));
    }
    StringBuilder r = new StringBuilder("v=DMARC1; p=").append(policy(next).token());
    if (next == Stage.QUARANTINE_TESTING || next == Stage.REJECT_TESTING) {
      r.append("; t=y");
    }
    if (current != null && current.hasTag("sp") && !current.invalidPolicyTags().contains("sp")) {
      Policy sp = current.subdomainPolicy();
      if (sp.compareTo(policy(next)) > 0) {
        r.append("; sp=").append(sp.token());
      } else if (sp.compareTo(policy(next)) < 0) {
        notes.add(
            "sp="
                + sp.token()
                + " is dropped so that subdomains follow p; keep it only if"
                + " subdomains still send mail that does not pass DMARC.");
      }
    }
    if (policy(next) != Policy.NONE) {
      r.append("; np=reject");
      if (current == null || !current.hasTag("np")) {
        notes.add(
            "np=reject: names under "
                + domain
                + " that do not exist send no mail, so"
                + " reject mail that claims to come from them.");
      }
    } else if (current != null
        && current.hasTag("np")
        && !current.invalidPolicyTags().contains("np")) {
      r.append("; np=").append(current.nonExistentPolicy().token());
    }
    if (current != null) {
      for (String tag : List.of("adkim", "aspf", "psd")) {
        current
            .tag(tag)
            .ifPresent(
                v -> {
                  if (List.of("r", "s", "y", "n", "u").contains(v)) {
                    r.append("; ").append(tag).append('=').append(v);
                  }
                });
      }
    }
    r.append(rua(current, domain, notes));
    if (current != null && !current.failureReportUris().isEmpty()) {
      r.append("; ruf=").append(uris(current.failureReportUris()));
      current.tag("fo").ifPresent(v -> r.append("; fo=").append(v));
    }
    if (current != null) {
      for (String removed : List.of("pct", "rf", "ri")) {
        if (current.hasTag(removed)) {
          notes.add(removed + " is dropped: RFC 9989 removed it.");
        }
      }
    }
    return new RecommendedRecord(name, r.toString(), stage, next, notes);
  }

  static Stage stage(@Nullable DmarcRecord r) {
    if (r == null || r.applicability() == PolicyApplicability.NOT_APPLICABLE) {
      return Stage.NO_RECORD;
    }
    Policy p = r.applicability() == PolicyApplicability.APPLY_AS_NONE ? Policy.NONE : r.policy();
    boolean testing = r.testing() || partial(r);
    return switch (p) {
      case NONE -> Stage.MONITORING;
      case QUARANTINE -> testing ? Stage.QUARANTINE_TESTING : Stage.QUARANTINE;
      case REJECT -> testing ? Stage.REJECT_TESTING : Stage.REJECT;
    };
  }

  /**
   * Whether RFC 7489 receivers apply the policy to only part of the failing mail ({@code pct} below
   * 100; {@code pct=0} is the testing mode that RFC 9989's {@code t=y} replaces).
   */
  private static boolean partial(DmarcRecord r) {
    return r.legacyPercent().isPresent() && r.legacyPercent().getAsInt() < 100;
  }

  static Stage next(Stage s) {
    return switch (s) {
      case NO_RECORD -> Stage.MONITORING;
      case MONITORING -> Stage.QUARANTINE_TESTING;
      case QUARANTINE_TESTING -> Stage.QUARANTINE;
      case QUARANTINE, REJECT_TESTING, REJECT, PARKED -> Stage.REJECT;
    };
  }

  private static Policy policy(Stage s) {
    return switch (s) {
      case NO_RECORD, MONITORING -> Policy.NONE;
      case QUARANTINE_TESTING, QUARANTINE -> Policy.QUARANTINE;
      case REJECT_TESTING, REJECT, PARKED -> Policy.REJECT;
    };
  }

  private static String note(Stage from, Stage to) {
    return switch (to) {
      case MONITORING ->
          "Start by monitoring: p=none changes nothing for your mail, and the"
              + " aggregate reports show every service that sends as your domain.";
      case QUARANTINE_TESTING ->
          "Take this step when two to four weeks of reports show all your"
              + " legitimate services passing DMARC (aligned SPF or DKIM). With t=y, RFC 9989"
              + " receivers still treat failing mail as with p=none while older receivers quarantine"
              + " it: watch the reports for anything you missed.";
      case QUARANTINE ->
          "Remove t=y when the reports show no legitimate mail failing: failing"
              + " mail now goes to spam everywhere.";
      case REJECT ->
          from == Stage.REJECT
              ? "The domain is fully protected; keep reading the reports for new services."
              : "Move to reject when quarantine has run for a few weeks without complaints: failing"
                  + " mail is then refused outright.";
      default -> "";
    };
  }

  private static String rua(@Nullable DmarcRecord current, String domain, List<String> notes) {
    if (current != null
        && current.aggregateReportUris().stream().anyMatch(u -> u.address() != null)) {
      return "; rua=" + uris(current.aggregateReportUris());
    }
    if (current != null && !current.aggregateReportUris().isEmpty()) {
      String kept = uris(current.aggregateReportUris());
      if (!kept.isEmpty()) {
        // an https-only rua: receivers need support only mailto:, so most would send nothing
        notes.add(
            "Receivers need to support only mailto: for reports, so most send none to "
                + kept
                + " alone; replace mailto:dmarc-reports@"
                + domain
                + " by the address (or report service) that should receive them.");
        return "; rua=mailto:dmarc-reports@" + domain + "," + kept;
      }
    }
    notes.add(
        "Replace mailto:dmarc-reports@"
            + domain
            + " by the address (or report service)"
            + " that should receive the aggregate reports.");
    return "; rua=mailto:dmarc-reports@" + domain;
  }

  private static String uris(List<ReportUri> uris) {
    List<String> out = new ArrayList<>();
    for (ReportUri u : uris) {
      if (!u.isMailto() || u.address() != null) {
        out.add(u.uri());
      }
    }
    return String.join(",", out);
  }
}
