// SPDX-License-Identifier: Apache-2.0
/**
 * DNS for DMARC, SPF and DKIM: {@link org.dmarcpilot.dns.DnsResolver} (answers carry a {@link
 * org.dmarcpilot.dns.DnsStatus} that tells NXDOMAIN, NODATA, OK and TEMPFAIL apart), the dnsjava
 * implementation {@link org.dmarcpilot.dns.DnsjavaResolver} and the zone-text resolver {@link
 * org.dmarcpilot.dns.InMemoryDnsResolver}. The exception and issue types shared by the DNS TXT
 * record parsers (DMARC, SPF, DKIM keys) live here too. Only this package imports {@code
 * org.xbill.DNS}.
 */
@NullMarked
package org.dmarcpilot.dns;

import org.jspecify.annotations.NullMarked;
