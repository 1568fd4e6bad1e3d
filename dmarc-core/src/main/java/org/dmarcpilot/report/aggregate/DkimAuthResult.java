// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One DKIM signature result from {@code <auth_results>}.
 *
 * @param domain the {@code d=} domain, lower case
 * @param selector the {@code s=} selector, or null when the reporter left it out (RFC 7489 allowed
 *     that)
 * @param result the verification result
 * @param humanResult free text, or null
 */
public record DkimAuthResult(
    String domain, @Nullable String selector, DkimResultType result, @Nullable String humanResult) {
  public DkimAuthResult {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(result, "result");
  }
}
