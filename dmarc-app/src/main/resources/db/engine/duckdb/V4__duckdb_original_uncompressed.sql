-- SPDX-License-Identifier: Apache-2.0
-- DuckDB only: the originals' bytes are stored without compression.
--
-- Most originals are gzip or zip files already. DuckDB analysed every row group of the column for
-- dictionary, FSST and ZSTD compression at each checkpoint and found nothing to gain; on a
-- 1M-record ingest (147,629 originals, 342 MB) that analysis was several seconds of the writer's
-- CPU. The table is made again because DuckDB cannot change a column's compression in place; the
-- rows are copied as they are. PostgreSQL's V4 does the same with its own syntax.

CREATE TABLE report_original_v4 (
  report_pk   BIGINT  NOT NULL PRIMARY KEY,
  filename    TEXT    NOT NULL,
  media_type  TEXT    NOT NULL,
  size        BIGINT  NOT NULL,
  bytes       BLOB    USING COMPRESSION uncompressed
);
INSERT INTO report_original_v4 (report_pk, filename, media_type, size, bytes)
  SELECT report_pk, filename, media_type, size, bytes FROM report_original;
DROP TABLE report_original;
ALTER TABLE report_original_v4 RENAME TO report_original;
