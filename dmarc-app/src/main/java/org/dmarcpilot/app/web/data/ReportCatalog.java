// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;
import java.util.Optional;

/** The stored aggregate reports, as the Reports page and {@code /api/v1/reports} read them. */
public interface ReportCatalog {
  /** The reports matching the filter, newest period first. */
  Page<ReportSummary> reports(ReportFilter filter, PageRequest page);

  /** One report in full, if the id exists. */
  Optional<StoredReport> report(long id);

  /**
   * One report with one page of its records (in report order) and the figures of all of them, if
   * the id exists; a page past the last one has no records.
   */
  Optional<ReportDetail> report(long id, PageRequest records);

  /** The bytes the report arrived as, if the id exists and they were kept. */
  Optional<OriginalPayload> original(long id);

  /** What is known of the report's original (kept or only its size), if it has one. */
  Optional<OriginalInfo> originalInfo(long id);

  /** The policy domains that have reports, by name (for the domain filter). */
  List<String> domains();

  /** The reporters ({@code org_name}) that sent reports, by name (for the reporter filter). */
  List<String> reporters();
}
