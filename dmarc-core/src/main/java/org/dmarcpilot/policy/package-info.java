// SPDX-License-Identifier: Apache-2.0
/**
 * DMARC policy records (RFC 7489, RFC 9989), policy discovery, the Organizational Domain and
 * identifier alignment.
 */
@NullMarked
package org.dmarcpilot.policy;

import org.jspecify.annotations.NullMarked;
