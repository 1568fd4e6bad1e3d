-- SPDX-License-Identifier: Apache-2.0
-- An IMAP account under Settings can trust its server's certificate without a CA (a self-signed
-- server): for that host only the certificate is not checked against the trust store; TLS or
-- STARTTLS still encrypts and the certificate must still name the host. Portable SQL (DuckDB and
-- PostgreSQL). DuckDB cannot add a NOT NULL column to a table, so the table is made anew with the
-- column and the rows are copied (no account trusts without a CA until an admin says so).
CREATE TABLE web_ingest_source_v102 (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  name VARCHAR(100) NOT NULL,
  enabled BOOLEAN NOT NULL,
  folder_path VARCHAR(4000),
  poll_seconds INTEGER NOT NULL,
  imap_host VARCHAR(253),
  imap_port INTEGER,
  imap_security VARCHAR(16),
  imap_user VARCHAR(320),
  imap_password VARCHAR(2000),
  imap_folder VARCHAR(200),
  imap_after VARCHAR(16),
  imap_done_folder VARCHAR(200),
  imap_failed_folder VARCHAR(200),
  imap_trust BOOLEAN NOT NULL DEFAULT false,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO web_ingest_source_v102 (id, kind, name, enabled, folder_path, poll_seconds, imap_host,
  imap_port, imap_security, imap_user, imap_password, imap_folder, imap_after, imap_done_folder,
  imap_failed_folder, imap_trust, created_at, updated_at)
SELECT id, kind, name, enabled, folder_path, poll_seconds, imap_host, imap_port, imap_security,
  imap_user, imap_password, imap_folder, imap_after, imap_done_folder, imap_failed_folder, false,
  created_at, updated_at
FROM web_ingest_source;
DROP TABLE web_ingest_source;
ALTER TABLE web_ingest_source_v102 RENAME TO web_ingest_source;
