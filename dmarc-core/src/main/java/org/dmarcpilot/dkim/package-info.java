// SPDX-License-Identifier: Apache-2.0
/** DKIM (RFC 6376, RFC 8463): key records ({@link org.dmarcpilot.dkim.DkimKeyRecord}). */
@NullMarked
package org.dmarcpilot.dkim;

import org.jspecify.annotations.NullMarked;
