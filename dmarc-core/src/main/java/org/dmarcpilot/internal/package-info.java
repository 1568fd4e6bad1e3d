// SPDX-License-Identifier: Apache-2.0
/**
 * Not API: helpers shared by the record parsers of the core (the DKIM/DMARC tag-list tokenizer).
 * The application must not use this package.
 */
@NullMarked
package org.dmarcpilot.internal;

import org.jspecify.annotations.NullMarked;
