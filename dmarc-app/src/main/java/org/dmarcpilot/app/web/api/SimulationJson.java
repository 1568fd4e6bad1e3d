// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import org.dmarcpilot.app.analysis.PolicyImpact;

/**
 * What a policy would have done to a domain's mail ({@code GET /api/v1/domains/{domain}/simulate}).
 *
 * @param domain the policy domain
 * @param range the days simulated
 * @param record the simulated policy as record tags
 * @param impact messages passing, quarantined and rejected per class, legitimate mail at risk
 */
public record SimulationJson(String domain, RangeJson range, String record, PolicyImpact impact) {}
