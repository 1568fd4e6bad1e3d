-- SPDX-License-Identifier: Apache-2.0
-- An IMAP account under Settings can sign in with OAuth 2.0 (SASL XOAUTH2) through a token endpoint
-- instead of its password: imap_auth is PASSWORD or XOAUTH2 (NULL, as in the rows stored before,
-- means PASSWORD). The client secret and the refresh token are sealed with AES-GCM
-- (org.dmarcpilot.app.secrets.SecretBox) like the password, never stored in clear; an OAuth
-- account's imap_password is empty. Portable SQL (DuckDB and PostgreSQL): nullable columns added.
ALTER TABLE web_ingest_source ADD COLUMN imap_auth VARCHAR(16);
ALTER TABLE web_ingest_source ADD COLUMN imap_token_url VARCHAR(2000);
ALTER TABLE web_ingest_source ADD COLUMN imap_client_id VARCHAR(200);
ALTER TABLE web_ingest_source ADD COLUMN imap_client_secret VARCHAR(2000);
ALTER TABLE web_ingest_source ADD COLUMN imap_refresh_token VARCHAR(4000);
ALTER TABLE web_ingest_source ADD COLUMN imap_scope VARCHAR(1000);
