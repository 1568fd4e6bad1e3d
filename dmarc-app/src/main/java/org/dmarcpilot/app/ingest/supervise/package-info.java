// SPDX-License-Identifier: Apache-2.0
/**
 * The supervisor of the ingestion {@code serve} runs in the background: one thread per source (a
 * watched folder, an IMAP mailbox), started when a source is added or enabled, stopped when it is
 * disabled, changed or removed, restarted with backoff after a failure (but after a refused login
 * only when resumed or changed), and the state of each (running, idle, reconnecting, login refused,
 * stopped; counts; the last error) for the dashboard.
 *
 * <pre>{@code
 * IngestSupervisor s = new IngestSupervisor(store, IngestOptions.defaults(), () -> listener, clock);
 * s.start(SourceDefinition.folder("cfg-1", Path.of("/srv/dmarc"), Duration.ofSeconds(30),
 *     SourceDefinition.Origin.CONFIGURATION));
 * s.states();   // what each source is doing
 * }</pre>
 */
@NullMarked
package org.dmarcpilot.app.ingest.supervise;

import org.jspecify.annotations.NullMarked;
