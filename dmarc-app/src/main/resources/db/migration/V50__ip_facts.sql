-- SPDX-License-Identifier: Apache-2.0
-- Enrichment cache: what reverse DNS and the GeoIP databases said about a source IP, kept until
-- expires_at so that an address is looked up once per period, never once per record.
-- Portable SQL (DuckDB and PostgreSQL); times are UTC.

CREATE TABLE ip_facts (
  ip                 TEXT      NOT NULL,
  -- FOUND, NONE or TEMPFAIL (org.dmarcpilot.app.enrich.ReverseDnsStatus)
  reverse_dns        TEXT      NOT NULL,
  ptr                TEXT,
  base_domain        TEXT,
  forward_confirmed  BOOLEAN   NOT NULL,
  asn                BIGINT,
  as_organization    TEXT,
  country            TEXT,
  looked_up_at       TIMESTAMP NOT NULL,
  expires_at         TIMESTAMP NOT NULL,
  CONSTRAINT ip_facts_ip UNIQUE (ip)
);

CREATE INDEX ip_facts_expires ON ip_facts (expires_at);
