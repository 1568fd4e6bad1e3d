// SPDX-License-Identifier: Apache-2.0
/**
 * What the web tier needs from the rest of the application, as interfaces and value records: the
 * report catalogue, traffic queries, uploads. The composition root plugs the store, ingest and
 * analysis services in through these; the web never talks SQL or DMARC logic itself.
 */
@NullMarked
package org.dmarcpilot.app.web.data;

import org.jspecify.annotations.NullMarked;
