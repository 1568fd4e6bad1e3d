// SPDX-License-Identifier: Apache-2.0
/**
 * Reading reports as they arrive: payload sniffing and bounded decompression (XML, gzip, zip, MIME
 * messages, mbox, Maildir), the limits that keep hostile input harmless, and the issues and
 * exceptions that describe what was wrong with an input.
 */
@NullMarked
package org.dmarcpilot.report;

import org.jspecify.annotations.NullMarked;
