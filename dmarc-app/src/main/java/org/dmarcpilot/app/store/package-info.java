// SPDX-License-Identifier: Apache-2.0
/**
 * The report store: one {@link org.dmarcpilot.app.store.ReportStore} interface over an embedded
 * DuckDB file (the default) or a PostgreSQL server, with the same Flyway migrations (portable SQL
 * under {@code db/migration}) on both.
 *
 * <pre>{@code
 * try (ReportStore store = ReportStores.open(StoreConfig.duckDb(dataDir.resolve("dmarcpilot.duckdb")))) {
 *   List<StoreResult> results = store.storeAll(List.of(new IncomingReport(report, sha256, source)));
 *   long records = store.totals().records();
 * }
 * }</pre>
 *
 * <p>Deduplication is the database's: the UNIQUE constraint {@code aggregate_report_dedup} on
 * (reporter org, report id, policy domain, begin, end), written with {@code ON CONFLICT DO
 * NOTHING}. A batch handed to {@link org.dmarcpilot.app.store.ReportStore#storeAll} commits in one
 * transaction, so each report in it is stored whole or not at all.
 */
@NullMarked
package org.dmarcpilot.app.store;

import org.jspecify.annotations.NullMarked;
