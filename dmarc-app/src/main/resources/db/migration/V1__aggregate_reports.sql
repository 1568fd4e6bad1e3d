-- SPDX-License-Identifier: Apache-2.0
-- Aggregate reports (RFC 7489 Appendix C, RFC 9990) and the ingest log.
--
-- Portable SQL: this file runs unchanged on DuckDB and PostgreSQL. Use only types and syntax both
-- engines share (BIGINT, INTEGER, BOOLEAN, TEXT, DATE, TIMESTAMP, BYTEA, CREATE SEQUENCE, named
-- UNIQUE constraints, plain CREATE INDEX). No foreign keys: child rows are written in the same
-- transaction as their report, and DuckDB's foreign keys would index every child row and forbid
-- deleting reports later. Times are UTC, stored as TIMESTAMP without time zone.

CREATE SEQUENCE aggregate_report_seq;

-- One row per stored report. The dedup key is the UNIQUE constraint aggregate_report_dedup:
-- writers insert with ON CONFLICT DO NOTHING and count a skipped row as a duplicate.
CREATE TABLE aggregate_report (
  id                  BIGINT    NOT NULL PRIMARY KEY,
  org_name            TEXT      NOT NULL,
  report_id           TEXT      NOT NULL,
  policy_domain       TEXT      NOT NULL,
  date_begin          TIMESTAMP NOT NULL,
  date_end            TIMESTAMP NOT NULL,
  email               TEXT,
  extra_contact_info  TEXT,
  generator           TEXT,
  xml_version         TEXT,
  xml_schema          TEXT      NOT NULL,
  -- policy_published; NULL where the report did not carry the value
  policy_p            TEXT,
  policy_sp           TEXT,
  policy_np           TEXT,
  policy_adkim        TEXT,
  policy_aspf         TEXT,
  policy_pct          INTEGER,
  policy_fo           TEXT,
  policy_testing      BOOLEAN,
  policy_discovery    TEXT,
  -- report-level <extension> elements as raw XML, joined in document order
  extensions          TEXT,
  record_count        INTEGER   NOT NULL,
  message_count       BIGINT    NOT NULL,
  -- SHA-256 (lower-case hex) of the XML payload the report was read from
  content_sha256      TEXT      NOT NULL,
  -- where it came from: FILE, MBOX, MAILDIR, IMAP or UPLOAD, and the details that apply
  source_kind         TEXT      NOT NULL,
  source_path         TEXT,
  source_mailbox      TEXT,
  source_message_id   TEXT,
  source_part         TEXT,
  ingested_at         TIMESTAMP NOT NULL,
  CONSTRAINT aggregate_report_dedup
    UNIQUE (org_name, report_id, policy_domain, date_begin, date_end)
);

CREATE INDEX aggregate_report_domain_begin ON aggregate_report (policy_domain, date_begin);

-- The <error> elements of report_metadata.
CREATE TABLE aggregate_report_error (
  report_pk  BIGINT  NOT NULL,
  seq        INTEGER NOT NULL,
  message    TEXT    NOT NULL
);

-- Every repair the reader made, with its position (0 when not tied to one).
CREATE TABLE aggregate_report_issue (
  report_pk  BIGINT  NOT NULL,
  seq        INTEGER NOT NULL,
  line_no    INTEGER NOT NULL,
  column_no  INTEGER NOT NULL,
  message    TEXT    NOT NULL
);

-- One row per <record>. policy_domain and report_day (the UTC date of date_begin) are copied from
-- the report so that the dashboard's queries and a distributed engine need no join to find them.
CREATE TABLE aggregate_record (
  report_pk      BIGINT  NOT NULL,
  row_no         INTEGER NOT NULL,
  policy_domain  TEXT    NOT NULL,
  report_day     DATE    NOT NULL,
  source_ip      TEXT    NOT NULL,
  message_count  BIGINT  NOT NULL,
  disposition    TEXT    NOT NULL,
  dkim_aligned   TEXT,
  spf_aligned    TEXT,
  header_from    TEXT    NOT NULL,
  envelope_from  TEXT,
  envelope_to    TEXT,
  extensions     TEXT
);

CREATE INDEX aggregate_record_domain_day ON aggregate_record (policy_domain, report_day);
CREATE INDEX aggregate_record_source_ip ON aggregate_record (source_ip);
CREATE INDEX aggregate_record_report ON aggregate_record (report_pk);

-- <auth_results><dkim>, in report order.
CREATE TABLE aggregate_record_dkim (
  report_pk     BIGINT  NOT NULL,
  row_no        INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  domain        TEXT    NOT NULL,
  selector      TEXT,
  result        TEXT    NOT NULL,
  human_result  TEXT
);

CREATE INDEX aggregate_record_dkim_report ON aggregate_record_dkim (report_pk);

-- <auth_results><spf>, in report order.
CREATE TABLE aggregate_record_spf (
  report_pk     BIGINT  NOT NULL,
  row_no        INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  domain        TEXT    NOT NULL,
  scope         TEXT,
  result        TEXT    NOT NULL,
  human_result  TEXT
);

CREATE INDEX aggregate_record_spf_report ON aggregate_record_spf (report_pk);

-- <policy_evaluated><reason>, in report order.
CREATE TABLE aggregate_record_override (
  report_pk  BIGINT  NOT NULL,
  row_no     INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  reason     TEXT    NOT NULL,
  comment    TEXT
);

CREATE INDEX aggregate_record_override_report ON aggregate_record_override (report_pk);

CREATE SEQUENCE ingest_failure_seq;

-- Input that could not be stored: the reason and the original bytes (at most a configured bound,
-- 10 MiB by default; original_size tells how large the input really was). The same bytes are
-- logged once, with the first reason.
CREATE TABLE ingest_failure (
  id                 BIGINT    NOT NULL PRIMARY KEY,
  failed_at          TIMESTAMP NOT NULL,
  reason             TEXT      NOT NULL,
  content_sha256     TEXT      NOT NULL,
  original_size      BIGINT    NOT NULL,
  original           BYTEA     NOT NULL,
  truncated          BOOLEAN   NOT NULL,
  source_kind        TEXT      NOT NULL,
  source_path        TEXT,
  source_mailbox     TEXT,
  source_message_id  TEXT,
  source_part        TEXT,
  CONSTRAINT ingest_failure_once UNIQUE (content_sha256)
);

CREATE INDEX ingest_failure_failed_at ON ingest_failure (failed_at);

-- Inputs (files, messages) handled to the end, by the SHA-256 of their bytes: a watched folder
-- handles each file once, and a rerun can tell what it has seen.
CREATE TABLE ingested_input (
  content_sha256  TEXT      NOT NULL PRIMARY KEY,
  source_kind     TEXT      NOT NULL,
  source_name     TEXT      NOT NULL,
  reports         INTEGER   NOT NULL,
  failures        INTEGER   NOT NULL,
  ingested_at     TIMESTAMP NOT NULL
);
