// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <policy_published>} of an aggregate report: the DMARC record the reporter found. Each
 * optional field is null when the report did not carry it (or carried a value the reader could not
 * understand, recorded as an issue); the {@code effective*} methods apply the RFC defaults.
 *
 * @param domain the DMARC Policy Domain, lower case
 * @param p the domain policy, or null when missing or unreadable
 * @param sp the subdomain policy, or null
 * @param np the non-existent subdomain policy (RFC 9989), or null
 * @param adkim DKIM alignment mode, or null
 * @param aspf SPF alignment mode, or null
 * @param pct the RFC 7489 sampling percentage 0..100, or null
 * @param fo failure reporting options as written, or null
 * @param testing the RFC 9990 {@code testing} value ({@code t} tag), or null
 * @param discoveryMethod the RFC 9990 {@code discovery_method}, or null
 */
public record PolicyPublished(
    String domain,
    @Nullable Policy p,
    @Nullable Policy sp,
    @Nullable Policy np,
    @Nullable AlignmentMode adkim,
    @Nullable AlignmentMode aspf,
    @Nullable Integer pct,
    @Nullable String fo,
    @Nullable Boolean testing,
    @Nullable DiscoveryMethod discoveryMethod) {
  public PolicyPublished {
    Objects.requireNonNull(domain, "domain");
    if (pct != null && (pct < 0 || pct > 100)) {
      throw new IllegalArgumentException("pct out of range 0..100: " + pct);
    }
  }

  /** The domain policy, {@code none} when absent (RFC 9989 §4.7). */
  public Policy effectiveP() {
    return p != null ? p : Policy.NONE;
  }

  /** The subdomain policy: {@code sp}, else {@code p}. */
  public Policy effectiveSp() {
    return sp != null ? sp : effectiveP();
  }

  /** The non-existent subdomain policy: {@code np}, else {@code sp}, else {@code p}. */
  public Policy effectiveNp() {
    return np != null ? np : effectiveSp();
  }

  /** DKIM alignment mode, relaxed when absent. */
  public AlignmentMode effectiveAdkim() {
    return adkim != null ? adkim : AlignmentMode.RELAXED;
  }

  /** SPF alignment mode, relaxed when absent. */
  public AlignmentMode effectiveAspf() {
    return aspf != null ? aspf : AlignmentMode.RELAXED;
  }
}
