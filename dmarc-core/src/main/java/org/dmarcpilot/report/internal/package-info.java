// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: the streams, sniffer and splitters behind {@link
 * org.dmarcpilot.report.PayloadExtractor}. Types here may change in any release.
 */
@NullMarked
package org.dmarcpilot.report.internal;

import org.jspecify.annotations.NullMarked;
