// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.jspecify.annotations.Nullable;

/**
 * Recomputes identifier alignment (RFC 9989 §4.4) for report rows instead of trusting the reporter:
 * relaxed mode compares Organizational Domains, strict mode the names themselves. Only SPF results
 * for the MAIL FROM identity count (scope {@code mfrom}, or no scope); HELO results do not (RFC
 * 9989 §4.4.2). Immutable and thread-safe.
 *
 * <p>The Organizational Domain comes in as a function so that the PSL mode ({@code
 * PublicSuffixList.guava()::organizationalDomain}) and the DNS tree walk plug in alike.
 */
public final class AlignmentEvaluator {
  private final Function<String, String> organizationalDomain;

  /** An evaluator using the given Organizational Domain function (lower-case input). */
  public AlignmentEvaluator(Function<String, String> organizationalDomain) {
    this.organizationalDomain =
        Objects.requireNonNull(organizationalDomain, "organizationalDomain");
  }

  /** Whether two domains are aligned in the given mode. Empty domains never align. */
  public boolean aligned(String identifier, String fromDomain, AlignmentMode mode) {
    String a = normalize(identifier);
    String b = normalize(fromDomain);
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    return mode == AlignmentMode.RELAXED
        && organizationalDomain.apply(a).equals(organizationalDomain.apply(b));
  }

  /** Recomputes the alignment of one row under the report's published policy. */
  public RowAlignment evaluate(PolicyPublished policy, ReportRecord row) {
    String from = normalize(row.identifiers().headerFrom());
    boolean dkimAligned = false;
    boolean dkimPassed = false;
    boolean alignedFailed = false;
    String alignedDomain = null;
    List<String> passing = new ArrayList<>();
    for (DkimAuthResult sig : row.dkim()) {
      boolean aligned = aligned(sig.domain(), from, policy.effectiveAdkim());
      if (sig.result() == DkimResultType.PASS) {
        dkimPassed = true;
        passing.add(normalize(sig.domain()));
        if (aligned && !dkimAligned) {
          dkimAligned = true;
          alignedDomain = normalize(sig.domain());
        }
      } else if (aligned) {
        alignedFailed = true;
      }
    }
    String envelope = null;
    boolean spfPassed = false;
    boolean spfAligned = false;
    for (SpfAuthResult spf : row.spf()) {
      if (spf.scope() == SpfDomainScope.HELO) {
        continue;
      }
      String domain = normalize(spf.domain());
      if (domain.isEmpty() && row.identifiers().envelopeFrom() != null) {
        domain = normalize(row.identifiers().envelopeFrom());
      }
      if (envelope == null || spf.result() == SpfResultType.PASS) {
        envelope = domain.isEmpty() ? null : domain;
      }
      if (spf.result() == SpfResultType.PASS) {
        spfPassed = true;
        if (aligned(domain, from, policy.effectiveAspf())) {
          spfAligned = true;
        }
      }
    }
    if (envelope == null && row.identifiers().envelopeFrom() != null) {
      String e = normalize(row.identifiers().envelopeFrom());
      envelope = e.isEmpty() ? null : e;
    }
    List<String> disagreements =
        disagreements(row.policyEvaluated(), dkimAligned, spfAligned, alignedDomain, envelope);
    return new RowAlignment(
        dkimAligned,
        spfAligned,
        dkimPassed,
        spfPassed,
        alignedFailed && !dkimAligned,
        envelope,
        passing,
        disagreements);
  }

  private static List<String> disagreements(
      PolicyEvaluated claimed,
      boolean dkim,
      boolean spf,
      @Nullable String alignedDkim,
      @Nullable String envelope) {
    List<String> out = new ArrayList<>(2);
    if (claimed.dkim() != null && (claimed.dkim() == DmarcResultType.PASS) != dkim) {
      out.add(
          "reporter says dkim="
              + claimed.dkim().token()
              + ", recomputed "
              + (dkim ? "pass (d=" + alignedDkim + ")" : "fail"));
    }
    if (claimed.spf() != null && (claimed.spf() == DmarcResultType.PASS) != spf) {
      out.add(
          "reporter says spf="
              + claimed.spf().token()
              + ", recomputed "
              + (spf ? "pass (" + envelope + ")" : "fail"));
    }
    return out;
  }

  private static String normalize(@Nullable String domain) {
    if (domain == null) {
      return "";
    }
    String d = domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
