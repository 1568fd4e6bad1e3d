// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Objects;
import org.dmarcpilot.policy.Policy;
import org.jspecify.annotations.Nullable;

/**
 * A DMARC policy to simulate: the record's {@code p}, {@code sp}, {@code np}, {@code t} and the RFC
 * 7489 {@code pct} that older receivers still honour.
 *
 * @param p the domain policy
 * @param sp the subdomain policy, null for "same as p"
 * @param np the policy for non-existent subdomains, null for "same as sp"
 * @param testing {@code t=y}: receivers apply one level lower (RFC 9989)
 * @param pct the share of failing mail the policy applies to, 0..100; the rest gets one level lower
 *     (RFC 7489 §6.6.4)
 */
public record TargetPolicy(
    Policy p, @Nullable Policy sp, @Nullable Policy np, boolean testing, int pct) {
  public TargetPolicy {
    Objects.requireNonNull(p, "p");
    if (pct < 0 || pct > 100) {
      throw new IllegalArgumentException("pct out of range 0..100: " + pct);
    }
  }

  /** {@code p} alone: sp and np follow it, no testing, pct 100. */
  public static TargetPolicy of(Policy p) {
    return new TargetPolicy(p, null, null, false, 100);
  }

  /** The subdomain policy in force. */
  public Policy effectiveSp() {
    return sp != null ? sp : p;
  }

  /** The non-existent subdomain policy in force. */
  public Policy effectiveNp() {
    return np != null ? np : effectiveSp();
  }

  /** The record tags, for example {@code p=quarantine; t=y; np=reject}. */
  public String describe() {
    StringBuilder b = new StringBuilder("p=").append(p.token());
    if (testing) {
      b.append("; t=y");
    }
    if (sp != null) {
      b.append("; sp=").append(sp.token());
    }
    if (np != null) {
      b.append("; np=").append(np.token());
    }
    if (pct != 100) {
      b.append("; pct=").append(pct);
    }
    return b.toString();
  }
}
