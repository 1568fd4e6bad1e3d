// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.jspecify.annotations.Nullable;

/**
 * Which sending service a source belongs to, and why.
 *
 * @param service the service, or null when nothing matched
 * @param confidence how sure the identification is ({@link Confidence#LOW} when nothing matched)
 * @param evidence the evidence for the chosen service, strongest first
 * @param alternatives other services the same evidence fits equally well (for example Google
 *     Workspace and consumer Gmail for a bare {@code google.com} PTR)
 */
public record Identification(
    @Nullable SendingService service,
    Confidence confidence,
    List<Evidence> evidence,
    List<SendingService> alternatives) {
  public Identification {
    Objects.requireNonNull(confidence, "confidence");
    evidence = List.copyOf(evidence);
    alternatives = List.copyOf(alternatives);
  }

  /** Nothing identified the source. */
  public static Identification none() {
    return new Identification(null, Confidence.LOW, List.of(), List.of());
  }

  /** Whether a service was identified. */
  public boolean identified() {
    return service != null;
  }
}
