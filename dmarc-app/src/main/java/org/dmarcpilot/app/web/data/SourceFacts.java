// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.net.InetAddress;
import java.util.Optional;
import org.dmarcpilot.app.enrich.IpFacts;

/** What enrichment knows about a sending address (reverse DNS, ASN, country), for the pages. */
@FunctionalInterface
public interface SourceFacts {
  /** The facts kept for the address, expired or not; empty when it was never enriched. */
  Optional<IpFacts> of(InetAddress ip);

  /** Knows nothing. */
  static SourceFacts none() {
    return ip -> Optional.empty();
  }
}
