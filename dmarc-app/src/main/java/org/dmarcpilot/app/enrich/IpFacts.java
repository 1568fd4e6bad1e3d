// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What enrichment knows about a source IP.
 *
 * @param ip the address
 * @param reverseDns the outcome of the PTR lookup
 * @param ptr the PTR name (lower case, without the trailing dot), or null
 * @param baseDomain the Organizational Domain of the PTR name, or null
 * @param forwardConfirmed whether the PTR name resolves back to the address (FCrDNS)
 * @param asn the autonomous system number, or null when unknown or no database is installed
 * @param asOrganization the AS holder's name, or null
 * @param country the ISO 3166 alpha-2 country code, or null when unknown or no database
 */
public record IpFacts(
    InetAddress ip,
    ReverseDnsStatus reverseDns,
    @Nullable String ptr,
    @Nullable String baseDomain,
    boolean forwardConfirmed,
    @Nullable Long asn,
    @Nullable String asOrganization,
    @Nullable String country) {
  public IpFacts {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(reverseDns, "reverseDns");
  }

  /** Facts for an address nothing is known about yet. */
  public static IpFacts unknown(InetAddress ip) {
    return new IpFacts(ip, ReverseDnsStatus.NOT_LOOKED_UP, null, null, false, null, null, null);
  }
}
