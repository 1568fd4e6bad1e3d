// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.jspecify.annotations.Nullable;

/** Words and explanations for the human view of a report. */
public final class ReportText {
  private ReportText() {}

  /**
   * One published tag with what it means.
   *
   * @param tag the tag name
   * @param value its value
   * @param meaning the explanation
   */
  public record Tag(String tag, String value, String meaning) {}

  /** The tags of the published policy, each explained; defaults are said to be defaults. */
  public static List<Tag> policyTags(PolicyPublished pp) {
    List<Tag> tags = new ArrayList<>();
    tags.add(new Tag("p", word(pp.effectiveP()), policyMeaning(pp.effectiveP(), "the domain")));
    tags.add(
        new Tag(
            "sp",
            word(pp.effectiveSp()),
            policyMeaning(pp.effectiveSp(), "subdomains")
                + (pp.sp() == null ? " (not published: same as p)" : "")));
    if (pp.np() != null) {
      tags.add(
          new Tag(
              "np",
              word(pp.effectiveNp()),
              policyMeaning(pp.effectiveNp(), "non-existent subdomains")));
    }
    tags.add(
        new Tag(
            "adkim",
            pp.effectiveAdkim().token(),
            alignment(pp.effectiveAdkim(), "DKIM d=") + (pp.adkim() == null ? " (default)" : "")));
    tags.add(
        new Tag(
            "aspf",
            pp.effectiveAspf().token(),
            alignment(pp.effectiveAspf(), "the envelope sender")
                + (pp.aspf() == null ? " (default)" : "")));
    if (pp.pct() != null) {
      tags.add(
          new Tag(
              "pct",
              String.valueOf(pp.pct()),
              "the policy applies to "
                  + pp.pct()
                  + " % of failing mail (RFC 7489; removed in RFC 9989)"));
    }
    if (pp.testing() != null) {
      tags.add(
          new Tag(
              "t",
              pp.testing() ? "y" : "n",
              pp.testing()
                  ? "testing: receivers apply one step less than the policy"
                  : "not testing: the policy applies as published"));
    }
    if (pp.fo() != null) {
      tags.add(new Tag("fo", pp.fo(), "when failure reports are requested"));
    }
    return tags;
  }

  private static String policyMeaning(Policy p, String what) {
    return switch (p) {
      case NONE -> "monitor only: failing mail for " + what + " is delivered as usual";
      case QUARANTINE -> "failing mail for " + what + " goes to spam";
      case REJECT -> "failing mail for " + what + " is refused";
    };
  }

  private static String alignment(AlignmentMode m, String what) {
    return m == AlignmentMode.STRICT
        ? "strict: " + what + " must equal the From domain"
        : "relaxed: " + what + " may be any name under the From domain's organisation";
  }

  /** The schema, for a person. */
  public static String schema(ReportSchema s) {
    return switch (s) {
      case RFC9990 -> "RFC 9990 (dmarc-2.0 namespace)";
      case DMARC_XML_0_1 -> "RFC 7489 (dmarc-xml/0.1 namespace)";
      case DMARC_XML_0_2 -> "draft (dmarc-xml/0.2 namespace)";
      case NONE -> "RFC 7489 (no namespace)";
    };
  }

  /** An enum value as the lower-case word of the XML. */
  public static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** A DMARC-evaluated result, or "none" when the reporter gave none. */
  public static String result(@Nullable DmarcResultType r) {
    return r == null ? "none" : word(r);
  }

  /** A CSS class for an authentication result: pass good, fail poor, others fair. */
  public static String authClass(Enum<?> result) {
    return switch (result.name()) {
      case "PASS" -> "good";
      case "FAIL", "PERMERROR" -> "poor";
      default -> "fair";
    };
  }
}
