-- SPDX-License-Identifier: Apache-2.0
-- PostgreSQL only: the originals' bytes are compressed with lz4 instead of pglz.
--
-- The server compresses every original above about 2 kB before moving it out of line (TOAST),
-- with pglz by default, and pglz_compress showed in the server's profile of a bulk ingest. Not
-- compressing at all (STORAGE EXTERNAL) is no better: most originals are zip or gzip, but plain
-- XML ones hold most of the bytes and pglz shrinks them about 6 times. Inserting the 147,629
-- originals of a generated 1M-record corpus (254 MB raw) took this much server CPU (median of 4):
-- pglz 2.65 s, 141 MB written; uncompressed 2.4 s, 264 MB written (table and WAL each);
-- lz4 1.75 s, 146 MB. lz4 also reads back faster.
--
-- lz4 needs PostgreSQL 14 or later built with lz4 (Debian's, PGDG's and the Docker images are);
-- elsewhere the column keeps the default compression and the store works as before. Values written
-- before this migration keep their pglz form; both read the same. Procedural code only to make
-- that fallback: the statement itself is one ALTER TABLE.

DO $$
BEGIN
  EXECUTE 'ALTER TABLE report_original ALTER COLUMN bytes SET COMPRESSION lz4';
EXCEPTION
  -- 0A000: a server built without lz4; 42601: a server before 14 (no SET COMPRESSION)
  WHEN feature_not_supported OR syntax_error THEN
    RAISE NOTICE 'report_original.bytes keeps the default compression: %', SQLERRM;
END
$$;
