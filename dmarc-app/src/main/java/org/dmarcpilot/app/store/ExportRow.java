// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One record joined with its report's metadata, as {@code export} writes it. Enumerated values are
 * the tokens reports use ({@code reject}, {@code pass}, ...).
 *
 * @param reportPk the report's primary key
 * @param orgName the reporter
 * @param reportId the reporter's report id
 * @param policyDomain the policy domain
 * @param begin start of the reporting period
 * @param end end of the reporting period
 * @param policyP the published {@code p}, or null
 * @param sourceIp the sending IP
 * @param messageCount the number of messages
 * @param disposition the applied disposition
 * @param dkimAligned the reporter's DKIM alignment verdict, or null
 * @param spfAligned the reporter's SPF alignment verdict, or null
 * @param headerFrom the RFC5322.From domain
 * @param envelopeFrom the RFC5321.MailFrom domain, or null
 * @param envelopeTo the RFC5321.RcptTo domain, or null
 * @param dkim DKIM results as {@code domain/selector=result} joined by spaces, or empty
 * @param spf SPF results as {@code scope:domain=result} joined by spaces, or empty
 * @param overrides override reasons joined by spaces, or empty
 */
public record ExportRow(
    long reportPk,
    String orgName,
    String reportId,
    String policyDomain,
    Instant begin,
    Instant end,
    @Nullable String policyP,
    String sourceIp,
    long messageCount,
    String disposition,
    @Nullable String dkimAligned,
    @Nullable String spfAligned,
    String headerFrom,
    @Nullable String envelopeFrom,
    @Nullable String envelopeTo,
    String dkim,
    String spf,
    String overrides) {}
