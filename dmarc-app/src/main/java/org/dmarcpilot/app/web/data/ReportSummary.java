// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored aggregate report, as listed.
 *
 * @param id the store's id of the report
 * @param orgName the reporter's {@code org_name}
 * @param reportId the reporter's {@code report_id}
 * @param domain the policy domain
 * @param begin start of the reported period
 * @param end end of the reported period
 * @param records number of records
 * @param messages total message count
 * @param dmarcPass messages that passed DMARC as the reporter evaluated it
 * @param issues number of issues found while reading it
 * @param receivedAt when it was stored
 */
public record ReportSummary(
    long id,
    String orgName,
    String reportId,
    String domain,
    Instant begin,
    Instant end,
    long records,
    long messages,
    long dmarcPass,
    int issues,
    Instant receivedAt) {
  /** Checks that the fields are present. */
  public ReportSummary {
    Objects.requireNonNull(orgName, "orgName");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
