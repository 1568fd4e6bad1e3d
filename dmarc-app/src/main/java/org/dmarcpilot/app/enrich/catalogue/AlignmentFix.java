// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import java.util.Objects;

/**
 * How to make one service's mail pass DMARC for the owner's domain.
 *
 * @param spf what to do so that SPF passes with an envelope domain aligned to the From domain (or
 *     why that is not possible with this service and DKIM must carry alignment)
 * @param dkim what to do so that the service signs with a {@code d=} domain aligned to the From
 *     domain
 */
public record AlignmentFix(String spf, String dkim) {
  public AlignmentFix {
    Objects.requireNonNull(spf, "spf");
    Objects.requireNonNull(dkim, "dkim");
  }
}
