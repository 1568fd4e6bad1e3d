-- SPDX-License-Identifier: Apache-2.0
-- Web tier: dashboard users, their sessions and API tokens. Portable SQL (DuckDB and PostgreSQL).
-- Times are epoch milliseconds (UTC). Secrets are never stored: only bcrypt or SHA-256 hashes.
CREATE TABLE web_user (
  username VARCHAR(64) PRIMARY KEY,
  password_hash VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE web_session (
  id_hash VARCHAR(64) PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  csrf_token VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX web_session_user ON web_session (username);

CREATE TABLE web_api_token (
  id VARCHAR(32) PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  name VARCHAR(100) NOT NULL,
  secret_hash VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE web_setting (
  name VARCHAR(100) PRIMARY KEY,
  value VARCHAR(4000) NOT NULL,
  updated_at BIGINT NOT NULL
);
