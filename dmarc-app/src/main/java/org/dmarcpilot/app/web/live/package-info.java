// SPDX-License-Identifier: Apache-2.0
/**
 * The live record check of the Domain page: the DMARC, SPF and DKIM records a domain publishes now,
 * with the check engine's findings and the advisor's next record beside the published one, looked
 * up off the page's request path and kept for a few minutes.
 */
@NullMarked
package org.dmarcpilot.app.web.live;

import org.jspecify.annotations.NullMarked;
