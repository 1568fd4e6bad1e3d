-- SPDX-License-Identifier: Apache-2.0
-- How an original's bytes are held. NULL: as they arrived. 'gzip': the gzip (RFC 1952) of what
-- arrived, written for originals that arrived uncompressed (plain XML, about a third of the bytes
-- in a typical mix of reporters, shrinks about tenfold); size stays the size as it arrived and
-- readers give back the bytes as they arrived.
--
-- Portable SQL (DuckDB and PostgreSQL): a nullable column added at the end, so rows written before
-- read as held as they arrived.

ALTER TABLE report_original ADD COLUMN stored_as TEXT;
