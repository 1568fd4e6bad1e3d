// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * What a target policy would have done to the mail of a period.
 *
 * @param target the simulated policy
 * @param messages all messages
 * @param passing messages passing DMARC (never affected)
 * @param quarantined messages that would be quarantined, per class
 * @param rejected messages that would be rejected, per class
 * @param legitimateAtRisk quarantined or rejected mail that is yours (not aligned) or forwarded
 * @param abuseStopped quarantined or rejected spoofing
 * @param unknownAffected quarantined or rejected mail of unknown sources
 */
public record PolicyImpact(
    TargetPolicy target,
    long messages,
    long passing,
    Map<SourceClass, Long> quarantined,
    Map<SourceClass, Long> rejected,
    long legitimateAtRisk,
    long abuseStopped,
    long unknownAffected) {
  public PolicyImpact {
    Objects.requireNonNull(target, "target");
    quarantined = Map.copyOf(quarantined);
    rejected = Map.copyOf(rejected);
  }
}
