-- SPDX-License-Identifier: Apache-2.0
-- Ingestion sources an admin manages under Settings: watched folders and IMAP accounts. Portable
-- SQL (DuckDB and PostgreSQL); times are epoch milliseconds (UTC). The IMAP password is sealed
-- with AES-GCM (org.dmarcpilot.app.secrets.SecretBox), never stored in clear.
CREATE TABLE web_ingest_source (
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
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
