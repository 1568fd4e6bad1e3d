// SPDX-License-Identifier: Apache-2.0
/**
 * Ingest: inputs from files, folders, mbox files, Maildirs and IMAP mailboxes, parsed in parallel
 * and written to the {@link org.dmarcpilot.app.store.ReportStore} exactly once.
 *
 * <pre>{@code
 * IngestSummary s = new IngestPipeline(store, parser, IngestOptions.defaults(), listener)
 *     .run(List.of(new FileInputSource(List.of(Path.of("reports/")))));
 * }</pre>
 *
 * <p>An input is acknowledged (an IMAP message moved to its done folder, a watched file marked)
 * only after the transaction that holds its reports has committed.
 */
@NullMarked
package org.dmarcpilot.app.ingest;

import org.jspecify.annotations.NullMarked;
