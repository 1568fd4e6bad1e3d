// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which records to list or export: those of reports whose period begins in the range, optionally of
 * one policy domain and one source address.
 *
 * @param domain the policy domain, or null for all
 * @param sourceIp the sending address as written in reports, or null for all
 * @param range the period
 */
public record RecordFilter(@Nullable String domain, @Nullable String sourceIp, DateRange range) {
  /** Checks the range is present. */
  public RecordFilter {
    Objects.requireNonNull(range, "range");
  }
}
