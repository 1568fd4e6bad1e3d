// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.demo;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.policy.Policy;
import org.jspecify.annotations.Nullable;

/**
 * One policy domain of the demo with its published record and its senders.
 *
 * @param domain the policy domain
 * @param p the published p=
 * @param sp the published sp=, or null when not published
 * @param testing whether t=y is published
 * @param senders who sends as the domain (and its subdomains)
 * @param story what stage the domain is at, for a person
 */
public record DemoDomain(
    String domain,
    Policy p,
    @Nullable Policy sp,
    boolean testing,
    List<DemoSender> senders,
    String story) {
  /** Checks and copies. */
  public DemoDomain {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(p, "p");
    senders = List.copyOf(senders);
    Objects.requireNonNull(story, "story");
  }
}
