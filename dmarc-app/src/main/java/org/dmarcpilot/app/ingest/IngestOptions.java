// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * How an ingest runs.
 *
 * @param parserThreads threads that read and parse inputs
 * @param batchRecords a write transaction is committed once it holds this many records
 * @param batchLingerMillis ... or once no new input has come for this long
 * @param maxInFlightRecords parsed records waiting to be written, at most; parsers wait when it is
 *     reached, so memory does not grow with the input
 * @param maxInputBytes the largest input read; a larger one is rejected
 * @param failureCopyBytes the most bytes of a rejected input kept in the failure log
 * @param originalCopyBytes the most bytes of a stored report's original (the file, or the e-mail
 *     attachment it came in) kept with it; a larger original is not kept, only its size; 0 keeps no
 *     originals
 */
public record IngestOptions(
    int parserThreads,
    int batchRecords,
    int batchLingerMillis,
    int maxInFlightRecords,
    long maxInputBytes,
    int failureCopyBytes,
    int originalCopyBytes) {

  /** Default {@link #failureCopyBytes}: 10 MiB. */
  public static final int DEFAULT_FAILURE_COPY_BYTES = 10 << 20;

  /**
   * {@link #batchRecords} for DuckDB. Rows added through DuckDB's appender go to the write-ahead
   * log whatever the size of the transaction (measured with DuckDB 1.5.6: a transaction of more
   * rows than a row group does not get them written to the file at commit), so the size mostly sets
   * how far the parsers can run ahead of the writer within {@link #maxInFlightRecords}: with
   * 200,000 records in flight, transactions of 40,000 let the parsers fill the next ones while one
   * commits (about 6 % faster than 130,000 over a million records, and a 5 % smaller file; see
   * dmarc-benchmarks/README.md).
   */
  public static final int DUCKDB_BATCH_RECORDS = 40_000;

  /** Default {@link #originalCopyBytes}: 10 MiB, as the failure copy. */
  public static final int DEFAULT_ORIGINAL_COPY_BYTES = 10 << 20;

  /** Default {@link #maxInputBytes}: 256 MiB. */
  public static final long DEFAULT_MAX_INPUT_BYTES = 256L << 20;

  public IngestOptions {
    if (parserThreads < 1 || batchRecords < 1 || maxInFlightRecords < 1 || maxInputBytes < 1) {
      throw new IllegalArgumentException("ingest options must be positive");
    }
    if (batchLingerMillis < 0 || failureCopyBytes < 0 || originalCopyBytes < 0) {
      throw new IllegalArgumentException("ingest options must not be negative");
    }
  }

  /** All cores, 20,000-record transactions, 200,000 records in flight, originals kept. */
  public static IngestOptions defaults() {
    return new IngestOptions(
        Runtime.getRuntime().availableProcessors(),
        20_000,
        200,
        200_000,
        DEFAULT_MAX_INPUT_BYTES,
        DEFAULT_FAILURE_COPY_BYTES,
        DEFAULT_ORIGINAL_COPY_BYTES);
  }

  /** These options with another parser thread count. */
  public IngestOptions withParserThreads(int n) {
    return new IngestOptions(
        n,
        batchRecords,
        batchLingerMillis,
        maxInFlightRecords,
        maxInputBytes,
        failureCopyBytes,
        originalCopyBytes);
  }

  /** These options with another transaction size. */
  public IngestOptions withBatchRecords(int n) {
    return new IngestOptions(
        parserThreads,
        n,
        batchLingerMillis,
        maxInFlightRecords,
        maxInputBytes,
        failureCopyBytes,
        originalCopyBytes);
  }

  /** These options keeping originals up to {@code n} bytes each (0: none). */
  public IngestOptions withOriginalCopyBytes(int n) {
    return new IngestOptions(
        parserThreads,
        batchRecords,
        batchLingerMillis,
        maxInFlightRecords,
        maxInputBytes,
        failureCopyBytes,
        n);
  }
}
