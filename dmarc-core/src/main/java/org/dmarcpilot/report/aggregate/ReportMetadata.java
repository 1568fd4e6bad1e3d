// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <report_metadata>} of an aggregate report.
 *
 * @param orgName the reporting organisation ({@code org_name}); never empty: the reader falls back
 *     to the domain of {@code email} and records an issue
 * @param email the reporter's contact address, or null
 * @param extraContactInfo {@code extra_contact_info}, or null
 * @param reportId the report id as written (trimmed)
 * @param begin start of the reporting period (UTC, whole seconds)
 * @param end end of the reporting period (UTC, whole seconds), not before {@code begin}
 * @param errors the {@code <error>} elements
 * @param generator the RFC 9990 {@code <generator>}, or null
 */
public record ReportMetadata(
    String orgName,
    @Nullable String email,
    @Nullable String extraContactInfo,
    String reportId,
    Instant begin,
    Instant end,
    List<String> errors,
    @Nullable String generator) {
  public ReportMetadata {
    Objects.requireNonNull(orgName, "orgName");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    errors = List.copyOf(errors);
  }
}
