-- SPDX-License-Identifier: Apache-2.0
-- The owner's verdict on a source of a policy domain: MINE or NOT_MINE. The source key is
-- 'service:<catalogue id>' or 'ip:<address>' (org.dmarcpilot.app.analysis.SourceKey).
-- Portable SQL (DuckDB and PostgreSQL); times are UTC.

CREATE TABLE owner_mark (
  policy_domain  TEXT      NOT NULL,
  source_key     TEXT      NOT NULL,
  mark           TEXT      NOT NULL,
  marked_at      TIMESTAMP NOT NULL,
  CONSTRAINT owner_mark_source UNIQUE (policy_domain, source_key)
);
