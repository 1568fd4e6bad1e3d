// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which reports to list: those whose period overlaps the range, optionally for one policy domain
 * and one reporter.
 *
 * @param domain the policy domain, or null for all
 * @param reporter the reporting organisation (as in {@code org_name}), or null for all
 * @param range the period
 */
public record ReportFilter(@Nullable String domain, @Nullable String reporter, DateRange range) {
  /** Checks the range is present. */
  public ReportFilter {
    Objects.requireNonNull(range, "range");
  }
}
