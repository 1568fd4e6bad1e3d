// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <policy_evaluated>} of a record: the reporter's verdict.
 *
 * @param disposition the action taken
 * @param dkim the reporter's DKIM alignment verdict, or null when absent
 * @param spf the reporter's SPF alignment verdict, or null when absent
 * @param reasons policy override reasons
 */
public record PolicyEvaluated(
    DispositionType disposition,
    @Nullable DmarcResultType dkim,
    @Nullable DmarcResultType spf,
    List<PolicyOverrideReason> reasons) {
  public PolicyEvaluated {
    Objects.requireNonNull(disposition, "disposition");
    reasons = List.copyOf(reasons);
  }

  /** Whether the reporter says DMARC passed: an aligned DKIM or SPF pass. */
  public boolean dmarcPass() {
    return dkim == DmarcResultType.PASS || spf == DmarcResultType.PASS;
  }

  /** The first override reason of the given type. */
  public Optional<PolicyOverrideReason> overrideOf(PolicyOverrideType type) {
    return reasons.stream().filter(r -> r.type() == type).findFirst();
  }
}
