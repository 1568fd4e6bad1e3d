// SPDX-License-Identifier: Apache-2.0
/**
 * The domain audit behind {@code dmarcpilot check}: {@link org.dmarcpilot.check.DomainAudit} looks
 * up a domain's DMARC, SPF, DKIM, MX, MTA-STS, TLS-RPT and BIMI records and returns {@link
 * org.dmarcpilot.check.Finding}s, each with a severity, an explanation, the fix and the evidence,
 * plus the DMARC record to publish next.
 */
@NullMarked
package org.dmarcpilot.check;

import org.jspecify.annotations.NullMarked;
