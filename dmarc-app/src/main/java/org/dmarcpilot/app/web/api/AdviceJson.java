// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.jspecify.annotations.Nullable;

/**
 * The advisor's answer for a domain ({@code GET /api/v1/domains/{domain}/advice}).
 *
 * @param domain the policy domain
 * @param from the first day of the advisor's window
 * @param to its last day
 * @param advice stage, gates, next stage and the record to publish
 * @param attention the sources that block the next step, largest first
 * @param computedAt when it was computed
 * @param publishedRecord the record in DNS the advice starts from, or null when it was not known
 *     (the latest report's policy was used)
 */
public record AdviceJson(
    String domain,
    LocalDate from,
    LocalDate to,
    Advice advice,
    List<DomainAdvice.Attention> attention,
    Instant computedAt,
    @Nullable String publishedRecord) {
  static AdviceJson of(DomainAdvice a) {
    return new AdviceJson(
        a.advice().domain(),
        a.from(),
        a.to(),
        a.advice(),
        a.attention(),
        a.computedAt(),
        a.publishedRecord());
  }
}
