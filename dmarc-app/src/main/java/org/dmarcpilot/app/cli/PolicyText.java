// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.jspecify.annotations.Nullable;

/**
 * The published policy of a report, tag by tag, in words: what each value means for the domain's
 * mail, and what applies when the reporter left a tag out (RFC 9989 §4.7 defaults).
 */
final class PolicyText {
  private PolicyText() {}

  /** One tag: as reported ({@code p=none}, or {@code np=-} when absent) and what it means. */
  record Line(String tag, String meaning) {}

  static List<Line> lines(PolicyPublished p) {
    String d = p.domain();
    List<Line> out = new ArrayList<>();
    out.add(
        new Line(
            tag("p", p.p() == null ? null : p.p().token()),
            p.p() == null
                ? "not reported; a record without p counts as none (RFC 9989): "
                    + policy(Policy.NONE, d)
                : policy(p.p(), d)));
    out.add(
        new Line(
            tag("sp", p.sp() == null ? null : p.sp().token()),
            p.sp() == null
                ? "not reported; subdomains of " + d + " get p: " + p.effectiveSp().token()
                : "subdomains of " + d + ": " + policy(p.sp(), null)));
    out.add(
        new Line(
            tag("np", p.np() == null ? null : p.np().token()),
            p.np() == null
                ? "not reported; subdomains that do not exist get "
                    + (p.sp() != null ? "sp" : "p")
                    + ": "
                    + p.effectiveNp().token()
                : "subdomains that do not exist (NXDOMAIN, RFC 9989): " + policy(p.np(), null)));
    out.add(
        new Line(
            tag("adkim", p.adkim() == null ? null : p.adkim().token()),
            alignment("DKIM", "d= domain", p.adkim())));
    out.add(
        new Line(
            tag("aspf", p.aspf() == null ? null : p.aspf().token()),
            alignment("SPF", "MAIL FROM domain", p.aspf())));
    out.add(
        new Line(
            tag("pct", p.pct() == null ? null : p.pct().toString()),
            p.pct() == null
                ? "not reported; the policy applies to all failing mail (pct is gone in RFC 9989)"
                : p.pct() == 100
                    ? "RFC 7489 sampling: the policy applies to all failing mail (pct is gone in"
                        + " RFC 9989)"
                    : String.format(
                        Locale.ROOT,
                        "RFC 7489 sampling: the policy applies to %d %% of failing mail, the rest"
                            + " is treated one level lower (pct is gone in RFC 9989)",
                        p.pct())));
    out.add(new Line(tag("fo", p.fo()), failureOptions(p.fo())));
    out.add(
        new Line(
            tag("testing", p.testing() == null ? null : p.testing() ? "y" : "n"),
            p.testing() == null
                ? "not reported (RFC 9990 reports say whether t=y was published)"
                : p.testing()
                    ? "t=y, testing mode: receivers apply the policy one level lower (reject as"
                        + " quarantine, quarantine as none)"
                    : "t=n: the policy is applied as published"));
    out.add(
        new Line(
            tag("discovery", p.discoveryMethod() == null ? null : p.discoveryMethod().token()),
            p.discoveryMethod() == null
                ? "not reported (RFC 9990 reports say how the policy was found)"
                : switch (p.discoveryMethod()) {
                  case PSL ->
                      "the reporter found the policy with the Public Suffix List (RFC 7489)";
                  case TREEWALK -> "the reporter found the policy by the DNS tree walk (RFC 9989)";
                }));
    return out;
  }

  private static String tag(String name, @Nullable String value) {
    return name + "=" + (value == null ? "-" : value);
  }

  private static String policy(Policy p, @Nullable String domain) {
    String who = domain == null ? "" : "mail from " + domain + " that fails DMARC: ";
    return who
        + switch (p) {
          case NONE -> "no action, only reports (monitoring)";
          case QUARANTINE -> "treat as suspicious (spam folder)";
          case REJECT -> "refuse during the SMTP transaction";
        };
  }

  private static String alignment(String what, String id, @Nullable AlignmentMode mode) {
    String how =
        mode == null
            ? "not reported, so relaxed"
            : what + " alignment " + mode.name().toLowerCase(Locale.ROOT);
    return how
        + (mode == AlignmentMode.STRICT
            ? ": the " + id + " must equal the From domain"
            : ": the " + id + " may be any name in the From domain's organizational domain");
  }

  private static String failureOptions(@Nullable String fo) {
    if (fo == null || fo.isBlank()) {
      return "not reported; failure reports (ruf) when all mechanisms fail (fo=0, the default)";
    }
    List<String> parts = new ArrayList<>();
    for (String o : fo.split(":")) {
      String t = o.trim();
      parts.add(
          switch (t) {
            case "0" -> "when no mechanism gives an aligned pass";
            case "1" -> "when any mechanism fails";
            case "d" -> "when a DKIM signature fails";
            case "s" -> "when SPF fails";
            default -> "unknown option \"" + t + "\"";
          });
    }
    return "failure reports (ruf) " + String.join("; ", parts);
  }
}
