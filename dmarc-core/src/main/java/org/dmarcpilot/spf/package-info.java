// SPDX-License-Identifier: Apache-2.0
/**
 * SPF (RFC 7208): the record model and parser {@link org.dmarcpilot.spf.SpfRecord}, and a static
 * analysis of a domain's SPF tree ({@link org.dmarcpilot.spf.SpfAnalyzer}): lookup counts, void
 * lookups, loops and a flattening preview.
 */
@NullMarked
package org.dmarcpilot.spf;

import org.jspecify.annotations.NullMarked;
