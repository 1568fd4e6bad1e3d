// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deployment advisor's answer for one domain.
 *
 * @param domain the policy domain
 * @param stage where the domain stands now
 * @param currentPolicy the policy tags in force (from the latest report or the given record)
 * @param gates every readiness gate with its measured value
 * @param sendsNoMail whether the window shows no legitimate mail at all (then reject at once)
 * @param ready whether every gate that matters for the next step passes
 * @param nextStage the next stage, or null at the goal
 * @param nextRecord the exact TXT record to publish at {@code _dmarc.<domain>} for the next step,
 *     or null at the goal
 * @param blockedBy what blocks the next step (empty when ready)
 * @param summary one paragraph for people
 */
public record Advice(
    String domain,
    Stage stage,
    String currentPolicy,
    List<Gate> gates,
    boolean sendsNoMail,
    boolean ready,
    @Nullable Stage nextStage,
    @Nullable String nextRecord,
    List<String> blockedBy,
    String summary) {
  public Advice {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(currentPolicy, "currentPolicy");
    gates = List.copyOf(gates);
    blockedBy = List.copyOf(blockedBy);
    Objects.requireNonNull(summary, "summary");
  }

  /** The gate with this id. */
  public Gate gate(String id) {
    return gates.stream()
        .filter(g -> g.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no gate " + id));
  }
}
