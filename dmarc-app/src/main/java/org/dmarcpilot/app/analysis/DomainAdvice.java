// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.enrich.catalogue.AlignmentFix;
import org.jspecify.annotations.Nullable;

/**
 * The advice for a domain as the dashboard shows it: the advisor's answer over its window and the
 * sources that need the owner's attention.
 *
 * @param advice the advisor's answer
 * @param from the first day of the window
 * @param to the last day of the window
 * @param thresholds the thresholds the gates used
 * @param attention sources that block the next step, largest first
 * @param computedAt when it was computed
 * @param publishedRecord the DMARC record published in DNS that the advice starts from, or null
 *     when it was not known (not looked up yet, none published, DNS failed): then the advice starts
 *     from the policy of the latest report
 */
public record DomainAdvice(
    Advice advice,
    LocalDate from,
    LocalDate to,
    AdvisorThresholds thresholds,
    List<Attention> attention,
    Instant computedAt,
    @Nullable String publishedRecord) {
  /** Checks and copies. */
  public DomainAdvice {
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(thresholds, "thresholds");
    attention = List.copyOf(attention);
    Objects.requireNonNull(computedAt, "computedAt");
  }

  /**
   * A source that needs the owner: legitimate but not aligned, or unknown and large.
   *
   * @param domain the policy domain
   * @param source its key
   * @param label its name
   * @param sourceClass its class (yours not aligned, or unknown)
   * @param messages its messages of that class in the window
   * @param share that volume's share of all the domain's mail in the window, 0..1
   * @param fix what to change, for a source that is yours, or null
   */
  public record Attention(
      String domain,
      SourceKey source,
      String label,
      SourceClass sourceClass,
      long messages,
      double share,
      @Nullable AlignmentFix fix) {
    /** Checks the fields. */
    public Attention {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(sourceClass, "sourceClass");
    }
  }
}
