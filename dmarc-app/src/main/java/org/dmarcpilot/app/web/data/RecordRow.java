// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record joined with its report's metadata. Enumerated values are the words reports use.
 *
 * @param reportPk the stored report's id
 * @param orgName the reporter
 * @param reportId the reporter's report id
 * @param domain the policy domain
 * @param begin start of the report's period
 * @param end end of the report's period
 * @param sourceIp the sending address
 * @param count messages
 * @param disposition what the receiver did
 * @param dkim DKIM as evaluated for DMARC, or null
 * @param spf SPF as evaluated for DMARC, or null
 * @param headerFrom the From domain
 * @param envelopeFrom the envelope sender domain, or null
 * @param dkimResults DKIM results as {@code domain/selector=result} separated by spaces
 * @param spfResults SPF results as {@code scope:domain=result} separated by spaces
 * @param overrides override reasons separated by spaces
 */
public record RecordRow(
    long reportPk,
    String orgName,
    String reportId,
    String domain,
    Instant begin,
    Instant end,
    String sourceIp,
    long count,
    String disposition,
    @Nullable String dkim,
    @Nullable String spf,
    String headerFrom,
    @Nullable String envelopeFrom,
    String dkimResults,
    String spfResults,
    String overrides) {
  /** Checks the required fields. */
  public RecordRow {
    Objects.requireNonNull(orgName, "orgName");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(disposition, "disposition");
    Objects.requireNonNull(headerFrom, "headerFrom");
    Objects.requireNonNull(dkimResults, "dkimResults");
    Objects.requireNonNull(spfResults, "spfResults");
    Objects.requireNonNull(overrides, "overrides");
  }
}
