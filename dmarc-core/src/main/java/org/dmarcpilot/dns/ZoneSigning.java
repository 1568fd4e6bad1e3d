// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.List;
import java.util.Objects;

/**
 * The DNSSEC state of the zone a name belongs to, as {@link DnssecLookup#zoneSigning} found it.
 *
 * @param name the name asked about
 * @param zone the apex of its zone (from the SOA record), or the name when unknown
 * @param status signed, unsigned, invalid or a temporary failure
 * @param detail why the status is {@link DnssecStatus#INVALID} or {@link DnssecStatus#TEMPFAIL}, or
 *     an empty string
 * @param soa the zone's SOA record in presentation form, or an empty string
 * @param evidence the questions asked and what came back, one per line
 */
public record ZoneSigning(
    String name,
    String zone,
    DnssecStatus status,
    String detail,
    String soa,
    List<String> evidence) {
  public ZoneSigning {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(soa, "soa");
    evidence = List.copyOf(evidence);
  }
}
