// SPDX-License-Identifier: Apache-2.0
/**
 * The DMARC aggregate report model (RFC 7489 Appendix C and RFC 9990), a lenient streaming reader
 * and a strict writer.
 */
@NullMarked
package org.dmarcpilot.report.aggregate;

import org.jspecify.annotations.NullMarked;
