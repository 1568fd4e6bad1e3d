// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store of aggregate reports, the same on every engine. Implementations are thread-safe; where
 * the engine needs it (DuckDB) writes are serialized inside the store.
 *
 * <p>Open one with {@link ReportStores#open(StoreConfig)}; the schema is migrated on open.
 */
public interface ReportStore extends AutoCloseable {

  /** The engine under this store. */
  StoreEngine engine();

  /**
   * Stores a batch of reports in one transaction: each report is stored whole (with its records,
   * DKIM and SPF results, override reasons, errors and issues) or, when its dedup key is already
   * taken, not at all and reported as a {@link StoreResult.Outcome#DUPLICATE}. Two reports of the
   * batch with the same key store the first. When the transaction fails nothing of the batch is
   * stored and the exception says why.
   *
   * @param reports the batch, any size (large batches are fine; memory is the caller's)
   * @return one result per report, in the order given
   * @throws StoreException when the database fails
   */
  List<StoreResult> storeAll(List<IncomingReport> reports);

  /**
   * Stores reports, logs failures and marks inputs done, all in one transaction: the unit of work
   * of an ingest. Reports behave as in {@link #storeAll}; failures as in {@link #logFailure}.
   *
   * @throws StoreException when the database fails; then nothing of the batch is written
   */
  StoreBatch.Result storeBatch(StoreBatch batch);

  /**
   * Stores one report in its own transaction.
   *
   * @throws StoreException when the database fails
   */
  default StoreResult store(IncomingReport report) {
    return storeAll(List.of(report)).get(0);
  }

  /**
   * Logs a rejected input with its reason and (bounded) original bytes. The same bytes are logged
   * once: a second failure with the same content hash is not logged again.
   *
   * @return true when the entry is new
   * @throws StoreException when the database fails
   */
  boolean logFailure(IngestFailure failure);

  /**
   * The logged failures, newest first.
   *
   * @param limit at most this many
   */
  List<IngestFailure> failures(int limit);

  /**
   * Records that an input (file, message) has been handled to the end: its reports are committed
   * and its failures logged.
   *
   * @param contentSha256 SHA-256 of the input's bytes
   * @param source where it came from
   * @param reports how many reports it held
   * @param failures how many of its payloads were rejected
   * @return true when the input was not known before
   */
  boolean markInputDone(String contentSha256, Provenance source, int reports, int failures);

  /** Whether an input with these bytes was handled to the end before. */
  boolean isInputDone(String contentSha256);

  /** Counts over the whole store. */
  StoreTotals totals();

  /** The stored report with this primary key, rebuilt whole. */
  Optional<StoredReport> findReport(long pk);

  /**
   * The stored report with this primary key with only a slice of its records: those from row {@code
   * firstRow} on (0 is the first, in report order), at most {@code maxRows} of them; its metadata,
   * policy, issues and errors whole. A page of a report of 20,000 records reads that page's rows,
   * not all of them; a slice past the last row has no records. This default rebuilds the report
   * whole and cuts it; the SQL stores read only the slice.
   */
  default Optional<StoredReport> findReport(long pk, int firstRow, int maxRows) {
    if (firstRow < 0 || maxRows < 0) {
      throw new IllegalArgumentException("negative slice: " + firstRow + ", " + maxRows);
    }
    return findReport(pk).map(s -> StoredReport.slice(s, firstRow, maxRows));
  }

  /**
   * The stored reports with these primary keys, rebuilt whole, in the order of the keys; keys not
   * stored are left out. A few set-based queries for the lot (one per table for each thousand
   * keys), not one load per report: meant for batches of a few hundred reports.
   */
  List<StoredReport> findReports(List<Long> pks);

  /**
   * The original of the stored report with this primary key: the bytes it arrived as (or only their
   * size, when they were over the limit); empty when the report has none (unknown id, stored
   * without originals).
   */
  Optional<ReportOriginal> findOriginal(long reportPk);

  /** The stored report with this dedup key. */
  Optional<StoredReport> findReport(DedupKey key);

  /**
   * Streams the records that match, joined with their report's metadata, ordered by report period,
   * report and row. Rows are fetched in chunks: memory does not grow with the result.
   *
   * @param query which records
   * @param sink receives each row on the calling thread
   * @return the number of rows
   */
  long exportRecords(RecordQuery query, Consumer<ExportRow> sink);

  /**
   * Runs read-only SQL on a connection of this store, for queries the interface does not offer
   * (dashboard summaries, analysis). The connection must not be kept after {@code work} returns.
   *
   * @throws StoreException when {@code work} throws a {@link SQLException}
   */
  <T> T read(SqlWork<T> work);

  /**
   * Runs SQL that writes, in one transaction that commits when {@code work} returns and rolls back
   * when it throws. Writes are serialized with the store's own where the engine needs it.
   *
   * @throws StoreException when {@code work} throws a {@link SQLException}
   */
  <T> T write(SqlWork<T> work);

  /**
   * The leases on background ingestion sources, so that processes sharing this store do not run the
   * same source at once. An engine only one process can open (DuckDB) grants every lease; the
   * server engine (PostgreSQL) leases each source to one process at a time.
   */
  default SourceLeases leases() {
    return SourceLeases.inProcess();
  }

  /** Closes the connections; DuckDB checkpoints its file. */
  @Override
  void close();

  /**
   * Work on a JDBC connection.
   *
   * @param <T> the result
   */
  @FunctionalInterface
  interface SqlWork<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }
}
