// SPDX-License-Identifier: Apache-2.0
/**
 * The web's adapters over the store and ingest: the store's connections as the web's {@code
 * SqlDatabase}, stored reports in the web's terms, uploads through the ingest pipeline, and the
 * background ingestion of {@code serve} (watched folders, IMAP) with its metrics.
 */
@NullMarked
package org.dmarcpilot.app.web.backend;

import org.jspecify.annotations.NullMarked;
