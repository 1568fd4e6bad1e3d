// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why the reporter applied a different disposition than the published policy asked for.
 *
 * @param type the reason
 * @param comment free text, or null
 */
public record PolicyOverrideReason(PolicyOverrideType type, @Nullable String comment) {
  public PolicyOverrideReason {
    Objects.requireNonNull(type, "type");
  }
}
