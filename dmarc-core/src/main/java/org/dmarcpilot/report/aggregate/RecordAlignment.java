// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.dmarcpilot.policy.AlignmentMode;
import org.jspecify.annotations.Nullable;

/**
 * Identifier alignment of one report row, recomputed from its {@code auth_results} and {@code
 * header_from} instead of taken from the reporter's {@code policy_evaluated}: a DKIM pass whose
 * {@code d=} domain aligns with the From domain, an SPF pass for the MAIL FROM domain that aligns,
 * relaxed or strict as the published policy says. Reporters get this wrong (a Zoho report says
 * {@code dkim=fail} next to an aligned DKIM pass); {@link #differsFromReporter} finds such rows.
 *
 * <p>Relaxed alignment compares Organizational Domains, which the caller supplies: {@code
 * PublicSuffixList.guava()::organizationalDomain} for RFC 7489 PSL mode, or the RFC 9989 tree walk.
 *
 * <pre>{@code
 * RecordAlignment a = RecordAlignment.of(row, report.policyPublished(),
 *     PublicSuffixList.guava()::organizationalDomain);
 * if (a.dmarcPass() && row.policyEvaluated().dkim() == DmarcResultType.FAIL) ...
 * }</pre>
 *
 * @param headerFrom the RFC5322.From domain of the row, lower case (may be empty)
 * @param alignedDkim the first passing DKIM result whose domain aligns, or null
 * @param alignedSpf the passing SPF (MAIL FROM) result whose domain aligns, or null
 * @param dkimPass whether any DKIM result passed, aligned or not
 * @param spfPass whether SPF passed for the MAIL FROM identity, aligned or not
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.4">RFC 9989 §4.4</a>
 */
public record RecordAlignment(
    String headerFrom,
    @Nullable DkimAuthResult alignedDkim,
    @Nullable SpfAuthResult alignedSpf,
    boolean dkimPass,
    boolean spfPass) {

  /** Checks the From domain. */
  public RecordAlignment {
    Objects.requireNonNull(headerFrom, "headerFrom");
  }

  /**
   * Recomputes the alignment of {@code row} under {@code policy}.
   *
   * @param row the report row
   * @param policy the published policy (its {@code adkim} and {@code aspf}, relaxed by default)
   * @param organizationalDomain the Organizational Domain of a name (lower case, no trailing dot)
   */
  public static RecordAlignment of(
      ReportRecord row, PolicyPublished policy, Function<String, String> organizationalDomain) {
    Objects.requireNonNull(row, "row");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(organizationalDomain, "organizationalDomain");
    String from = normalize(row.identifiers().headerFrom());
    DkimAuthResult dkim = null;
    boolean dkimPass = false;
    for (DkimAuthResult d : row.dkim()) {
      if (d.result() == DkimResultType.PASS) {
        dkimPass = true;
        if (dkim == null
            && aligned(d.domain(), from, policy.effectiveAdkim(), organizationalDomain)) {
          dkim = d;
        }
      }
    }
    SpfAuthResult spf = null;
    boolean spfPass = false;
    String envelopeFrom = row.identifiers().envelopeFrom();
    for (SpfAuthResult s : row.spf()) {
      if (s.scope() == SpfDomainScope.HELO || s.result() != SpfResultType.PASS) {
        continue; // only the MAIL FROM identity counts for DMARC
      }
      spfPass = true;
      String domain = s.domain().isEmpty() && envelopeFrom != null ? envelopeFrom : s.domain();
      if (spf == null && aligned(domain, from, policy.effectiveAspf(), organizationalDomain)) {
        spf = s;
      }
    }
    return new RecordAlignment(from, dkim, spf, dkimPass, spfPass);
  }

  /**
   * Whether two domains align: equal (strict), or with equal Organizational Domains (relaxed).
   * Empty domains never align.
   */
  public static boolean aligned(
      String domain,
      String headerFrom,
      AlignmentMode mode,
      Function<String, String> organizationalDomain) {
    String a = normalize(domain);
    String b = normalize(headerFrom);
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    if (mode == AlignmentMode.STRICT) {
      return false;
    }
    String orgA = organizationalDomain.apply(a);
    return orgA != null && !orgA.isEmpty() && orgA.equals(organizationalDomain.apply(b));
  }

  private static String normalize(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  /** Whether a DKIM pass aligns. */
  public boolean dkimAligned() {
    return alignedDkim != null;
  }

  /** Whether an SPF pass aligns. */
  public boolean spfAligned() {
    return alignedSpf != null;
  }

  /** DMARC passes: an aligned DKIM or SPF pass. */
  public boolean dmarcPass() {
    return alignedDkim != null || alignedSpf != null;
  }

  /**
   * Whether the reporter's {@code policy_evaluated} verdicts differ from the recomputed alignment
   * (a verdict the reporter left out does not count as different).
   */
  public boolean differsFromReporter(PolicyEvaluated evaluated) {
    return dkimDiffers(evaluated) || spfDiffers(evaluated);
  }

  /** Whether the reporter's DKIM verdict differs from the recomputed DKIM alignment. */
  public boolean dkimDiffers(PolicyEvaluated evaluated) {
    return evaluated.dkim() != null && (evaluated.dkim() == DmarcResultType.PASS) != dkimAligned();
  }

  /** Whether the reporter's SPF verdict differs from the recomputed SPF alignment. */
  public boolean spfDiffers(PolicyEvaluated evaluated) {
    return evaluated.spf() != null && (evaluated.spf() == DmarcResultType.PASS) != spfAligned();
  }
}
