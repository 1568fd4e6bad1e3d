-- SPDX-License-Identifier: Apache-2.0
-- Large blobs in parts. An original's or a failure copy's bytes beyond the first 32 KiB are held
-- in rows of at most 32 KiB each, in these tables; the row itself keeps the first 32 KiB (so
-- "bytes IS NOT NULL" still says whether an original is kept). Readers append the parts, in seq
-- order, when the first part is a full 32 KiB.
--
-- Why: DuckDB kept every value larger than about 64 KiB that a small transaction wrote in its
-- buffer pool; with the ingest's memory limit, a few hundred MB of large originals or failure copies
-- (a folder of big junk files, a mailbox of big reports) ran out of memory, and DuckDB then refused
-- every further statement ("FATAL Error: Failed to rollback transaction"). Values of 32 KiB are
-- written to the file and evicted like any other row.
--
-- Portable SQL (DuckDB and PostgreSQL). Rows written before keep their whole value in the row.

CREATE TABLE report_original_part (
  report_pk  BIGINT  NOT NULL,
  seq        INTEGER NOT NULL,
  bytes      BYTEA   NOT NULL,
  PRIMARY KEY (report_pk, seq)
);

CREATE TABLE ingest_failure_part (
  failure_id  BIGINT  NOT NULL,
  seq         INTEGER NOT NULL,
  bytes       BYTEA   NOT NULL,
  PRIMARY KEY (failure_id, seq)
);
