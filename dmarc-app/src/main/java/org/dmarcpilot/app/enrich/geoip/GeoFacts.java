// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import org.jspecify.annotations.Nullable;

/**
 * What the GeoIP databases say about an address.
 *
 * @param country ISO 3166 alpha-2 code, or null
 * @param asn autonomous system number, or null
 * @param asOrganization the AS holder, or null
 * @param countryData whether a country database is installed
 * @param asnData whether an ASN database is installed
 */
public record GeoFacts(
    @Nullable String country,
    @Nullable Long asn,
    @Nullable String asOrganization,
    boolean countryData,
    boolean asnData) {}
