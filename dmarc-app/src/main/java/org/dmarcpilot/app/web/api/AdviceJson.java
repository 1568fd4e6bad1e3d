// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.DomainAdvice;

/**
 * The advisor's answer for a domain ({@code GET /api/v1/domains/{domain}/advice}).
 *
 * @param domain the policy domain
 * @param from the first day of the advisor's window
 * @param to its last day
 * @param advice stage, gates, next stage and the record to publish
 * @param attention the sources that block the next step, largest first
 * @param computedAt when it was computed
 */
public record AdviceJson(
    String domain,
    LocalDate from,
    LocalDate to,
    Advice advice,
    List<DomainAdvice.Attention> attention,
    Instant computedAt) {
  static AdviceJson of(DomainAdvice a) {
    return new AdviceJson(
        a.advice().domain(), a.from(), a.to(), a.advice(), a.attention(), a.computedAt());
  }
}
