// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Alignment of one report row, recomputed from its authentication results and {@code header_from}
 * with the published {@code adkim}/{@code aspf}, next to what the reporter claimed.
 *
 * @param dkimAligned a DKIM signature passed with a {@code d=} aligned to the From domain
 * @param spfAligned SPF passed for an envelope domain aligned to the From domain
 * @param dkimPassed some DKIM signature passed (aligned or not)
 * @param spfPassed SPF passed (aligned or not)
 * @param alignedDkimFailed a signature with an aligned {@code d=} did not pass (typical of mail
 *     modified in transit by a forwarder or list)
 * @param envelopeDomain the envelope domain SPF was checked for (or {@code envelope_from}), or null
 * @param passingDkimDomains the {@code d=} domains of passing signatures
 * @param disagreements where the reporter's {@code policy_evaluated} differs from the recomputed
 *     verdict, for example {@code "reporter says dkim=fail, recomputed pass (d=example.com)"}
 */
public record RowAlignment(
    boolean dkimAligned,
    boolean spfAligned,
    boolean dkimPassed,
    boolean spfPassed,
    boolean alignedDkimFailed,
    @Nullable String envelopeDomain,
    List<String> passingDkimDomains,
    List<String> disagreements) {
  public RowAlignment {
    passingDkimDomains = List.copyOf(passingDkimDomains);
    disagreements = List.copyOf(disagreements);
    Objects.requireNonNull(disagreements, "disagreements");
  }

  /** DMARC passes: an aligned DKIM or SPF pass. */
  public boolean dmarcPass() {
    return dkimAligned || spfAligned;
  }

  /** Whether the reporter's verdict differs from the recomputed one. */
  public boolean reporterDisagrees() {
    return !disagreements.isEmpty();
  }
}
