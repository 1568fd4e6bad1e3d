// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.time.Instant;
import org.dmarcpilot.app.web.data.ReportSummary;

/**
 * One report in a list.
 *
 * @param id the id to fetch it with
 * @param orgName the reporter
 * @param reportId the reporter's report id
 * @param domain the policy domain
 * @param begin start of the period
 * @param end end of the period
 * @param records number of records
 * @param messages total messages
 * @param dmarcPass messages that passed DMARC (as the reporter evaluated)
 * @param issues issues found while reading
 * @param receivedAt when it was stored
 */
public record ReportSummaryJson(
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
  static ReportSummaryJson of(ReportSummary s) {
    return new ReportSummaryJson(
        s.id(),
        s.orgName(),
        s.reportId(),
        s.domain(),
        s.begin(),
        s.end(),
        s.records(),
        s.messages(),
        s.dmarcPass(),
        s.issues(),
        s.receivedAt());
  }
}
