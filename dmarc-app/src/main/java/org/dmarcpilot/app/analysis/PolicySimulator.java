// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Objects;
import java.util.function.Predicate;
import org.dmarcpilot.policy.Policy;

/**
 * Replays the classified rows of a domain under a target policy: each message that fails DMARC gets
 * {@code p} (From domain = policy domain), {@code sp} (an existing subdomain) or {@code np} (a
 * subdomain that does not exist); {@code t=y} lowers it one level; {@code pct} applies it to that
 * share of the messages of each row (rounded half up) and one level lower to the rest.
 */
public final class PolicySimulator {
  private final Predicate<String> domainExists;

  /**
   * A simulator.
   *
   * @param domainExists whether a From domain exists (decides {@code sp} against {@code np}); the
   *     DNS layer answers it, {@code d -> true} when unknown
   */
  public PolicySimulator(Predicate<String> domainExists) {
    this.domainExists = Objects.requireNonNull(domainExists, "domainExists");
  }

  /** Simulates the target over the rows of one policy domain whose report period overlaps. */
  public PolicyImpact simulate(
      String domain, Iterable<ClassifiedRow> rows, TargetPolicy target, Instant from, Instant to) {
    EnumMap<SourceClass, Long> quarantined = zeros();
    EnumMap<SourceClass, Long> rejected = zeros();
    long messages = 0;
    long passing = 0;
    for (ClassifiedRow r : rows) {
      if (!r.policyDomain().equals(domain) || !r.end().isAfter(from) || !r.begin().isBefore(to)) {
        continue;
      }
      messages += r.count();
      if (r.dmarcPass()) {
        passing += r.count();
        continue;
      }
      Policy policy;
      if (r.headerFrom().equals(domain)) {
        policy = target.p();
      } else if (domainExists.test(r.headerFrom())) {
        policy = target.effectiveSp();
      } else {
        policy = target.effectiveNp();
      }
      if (target.testing()) {
        policy = policy.downgraded();
      }
      long sampled = target.pct() == 100 ? r.count() : roundedShare(r.count(), target.pct());
      apply(policy, sampled, r.sourceClass(), quarantined, rejected);
      apply(policy.downgraded(), r.count() - sampled, r.sourceClass(), quarantined, rejected);
    }
    long legit = 0;
    long abuse = 0;
    long unknown = 0;
    for (SourceClass c : SourceClass.values()) {
      long n = quarantined.get(c) + rejected.get(c);
      if (c == SourceClass.SPOOFING) {
        abuse += n;
      } else if (c == SourceClass.UNKNOWN) {
        unknown += n;
      } else {
        legit += n;
      }
    }
    return new PolicyImpact(
        target, messages, passing, quarantined, rejected, legit, abuse, unknown);
  }

  private static long roundedShare(long count, int pct) {
    return BigInteger.valueOf(count)
        .multiply(BigInteger.valueOf(pct))
        .add(BigInteger.valueOf(50))
        .divide(BigInteger.valueOf(100))
        .longValueExact();
  }

  private static void apply(
      Policy policy,
      long n,
      SourceClass c,
      EnumMap<SourceClass, Long> quarantined,
      EnumMap<SourceClass, Long> rejected) {
    if (n == 0) {
      return;
    }
    if (policy == Policy.QUARANTINE) {
      quarantined.merge(c, n, Math::addExact);
    } else if (policy == Policy.REJECT) {
      rejected.merge(c, n, Math::addExact);
    }
  }

  static EnumMap<SourceClass, Long> zeros() {
    EnumMap<SourceClass, Long> m = new EnumMap<>(SourceClass.class);
    for (SourceClass c : SourceClass.values()) {
      m.put(c, 0L);
    }
    return m;
  }
}
