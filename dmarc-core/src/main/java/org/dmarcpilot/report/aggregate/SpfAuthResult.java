// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One SPF result from {@code <auth_results>}.
 *
 * @param domain the checked domain, lower case; may be empty when the reporter left it empty
 * @param scope {@code helo} or {@code mfrom}, or null when absent
 * @param result the SPF result
 * @param humanResult free text (RFC 9990), or null
 */
public record SpfAuthResult(
    String domain,
    @Nullable SpfDomainScope scope,
    SpfResultType result,
    @Nullable String humanResult) {
  public SpfAuthResult {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(result, "result");
  }
}
