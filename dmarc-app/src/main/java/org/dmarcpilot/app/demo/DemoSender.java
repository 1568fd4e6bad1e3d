// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.demo;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One kind of sender in the demo: a service or a crowd of spoofers, how its mail authenticates, and
 * how much of it there is.
 *
 * @param name what it is ("Google Workspace", "spoofers")
 * @param networks address prefixes it sends from ("209.85.220." gives 209.85.220.1-254)
 * @param headerFrom the From domain of its mail
 * @param dkimDomain the DKIM d= it signs with, or null when it does not sign
 * @param dkimSelector the DKIM selector
 * @param dkimPasses whether the signature verifies at the receiver
 * @param envelopeFrom the envelope (return-path) domain
 * @param spfPasses whether SPF passes for the envelope domain
 * @param forwarded whether receivers see it through a forwarder (override reason forwarded)
 * @param dailyVolume messages per day on a weekday
 */
public record DemoSender(
    String name,
    List<String> networks,
    String headerFrom,
    @Nullable String dkimDomain,
    String dkimSelector,
    boolean dkimPasses,
    String envelopeFrom,
    boolean spfPasses,
    boolean forwarded,
    int dailyVolume) {
  /** Checks and copies. */
  public DemoSender {
    Objects.requireNonNull(name, "name");
    networks = List.copyOf(networks);
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("a sender needs at least one network");
    }
    Objects.requireNonNull(headerFrom, "headerFrom");
    Objects.requireNonNull(dkimSelector, "dkimSelector");
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
  }
}
