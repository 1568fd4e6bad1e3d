-- SPDX-License-Identifier: Apache-2.0
-- The bytes each stored report arrived as: the file (xml, xml.gz, zip) or, for e-mail, the
-- attachment after transfer decoding, for download from the report's page.
--
-- Portable SQL (DuckDB and PostgreSQL). At most one row per report (report_pk is the key, one
-- index entry per report, not per record), written in the same transaction as the report, so a
-- report and its original are stored whole or not at all; a duplicate report writes no row.
-- bytes is NULL when the original was over the configured limit: size still tells how large it
-- was. A zip that holds two reports is kept once for each of them.

CREATE TABLE report_original (
  report_pk   BIGINT  NOT NULL PRIMARY KEY,
  filename    TEXT    NOT NULL,
  media_type  TEXT    NOT NULL,
  size        BIGINT  NOT NULL,
  bytes       BYTEA
);
