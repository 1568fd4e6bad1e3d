// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;

/**
 * All domains over a period, with totals.
 *
 * @param range the period
 * @param totals sums over all domains
 * @param domains one entry per domain, by name
 */
public record DomainsJson(RangeJson range, TotalsJson totals, List<DomainJson> domains) {}
