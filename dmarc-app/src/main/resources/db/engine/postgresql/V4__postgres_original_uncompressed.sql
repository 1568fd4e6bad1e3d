-- SPDX-License-Identifier: Apache-2.0
-- PostgreSQL only: the originals' bytes are stored without compression.
--
-- A report's original is mostly a zip or gzip file already (the rest is XML a reporter sent
-- uncompressed, small next to them). With the default storage (EXTENDED) the server ran pglz over
-- every original above about 2 kB before moving it out of line: server CPU on every ingest
-- (pglz_compress showed in the server's profile of a bulk ingest) for next to no gain on data that
-- is compressed already. EXTERNAL moves a large value out of line as it is, and reading an original
-- back for download needs no decompression either. Values written before this migration keep their
-- compressed form; both forms read the same.

ALTER TABLE report_original ALTER COLUMN bytes SET STORAGE EXTERNAL;
