// SPDX-License-Identifier: Apache-2.0
/**
 * The sending-service catalogue: which services send mail for domain owners, how to recognise them
 * (PTR names, SPF includes, DKIM domains and selectors, envelope domains, ASNs) and how to align
 * each with the owner's domain. {@link org.dmarcpilot.app.enrich.catalogue.SenderCatalogue} loads
 * and validates the data file {@code sending-services.yaml} shipped in this package.
 */
@NullMarked
package org.dmarcpilot.app.enrich.catalogue;

import org.jspecify.annotations.NullMarked;
