-- SPDX-License-Identifier: Apache-2.0
-- DuckDB only: the child tables keep no ART indexes.
--
-- DuckDB maintains an ART index row by row on every append and rewrites it at every checkpoint;
-- for the child tables (one row per record and per DKIM, SPF and override result) that was most of
-- the cost of an ingest. DuckDB does not need them for the dashboard's queries: every column has
-- zone maps (min/max per row group of about 122,880 rows) and the tables are scanned by column.
-- report_pk grows with the report sequence and child rows are appended in report order, so a
-- lookup by report_pk reads one or two row groups. Scans by policy domain, day or source IP read
-- the compressed column. PostgreSQL keeps the indexes of V1 (its heap has no zone maps).
-- The report table's indexes (the dedup key, the primary key, domain and day) stay on both.

DROP INDEX aggregate_record_domain_day;
DROP INDEX aggregate_record_source_ip;
DROP INDEX aggregate_record_report;
DROP INDEX aggregate_record_dkim_report;
DROP INDEX aggregate_record_spf_report;
DROP INDEX aggregate_record_override_report;
