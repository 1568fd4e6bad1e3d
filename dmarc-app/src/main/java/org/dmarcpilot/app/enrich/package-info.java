// SPDX-License-Identifier: Apache-2.0
/**
 * Facts about a source IP: reverse DNS and its base domain, ASN and country, and the sending
 * service it belongs to, identified from layered evidence (DKIM {@code d=}, envelope domain, PTR,
 * ASN) with the evidence and a confidence.
 */
@NullMarked
package org.dmarcpilot.app.enrich;

import org.jspecify.annotations.NullMarked;
