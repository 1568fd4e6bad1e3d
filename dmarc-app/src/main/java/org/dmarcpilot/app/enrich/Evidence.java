// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.util.Objects;

/**
 * One reason for an identification.
 *
 * @param kind where it was taken from
 * @param observed what the report or the enrichment showed (a domain, a host name, a selector, an
 *     AS number)
 * @param matched the catalogue entry it matched
 * @param strength how much it is worth on its own
 */
public record Evidence(EvidenceKind kind, String observed, String matched, Confidence strength) {
  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(matched, "matched");
    Objects.requireNonNull(strength, "strength");
  }

  /** A short human text, for example {@code "DKIM d=sendgrid.info passed (sendgrid.info)"}. */
  public String describe() {
    return switch (kind) {
      case DKIM_DOMAIN -> "DKIM d=" + observed + " (" + matched + ")";
      case ENVELOPE_DOMAIN -> "envelope domain " + observed + " (" + matched + ")";
      case PTR -> "reverse DNS " + observed + " (" + matched + ")";
      case DKIM_SELECTOR -> "DKIM selector " + observed + " (" + matched + ")";
      case ASN -> "AS" + observed;
    };
  }
}
