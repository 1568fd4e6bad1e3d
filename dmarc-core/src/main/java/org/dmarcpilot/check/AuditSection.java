// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

/** The record a finding belongs to; the report is grouped by these, in this order. */
public enum AuditSection {
  /** The domain itself and DNS failures. */
  DOMAIN("Domain"),
  /** The DMARC policy record ({@code _dmarc}). */
  DMARC("DMARC"),
  /** The SPF record. */
  SPF("SPF"),
  /** DKIM key records ({@code <selector>._domainkey}). */
  DKIM("DKIM"),
  /** Mail exchangers. */
  MX("MX"),
  /** DNSSEC signing of the domain's zone. */
  DNSSEC("DNSSEC"),
  /** The MTA-STS TXT record ({@code _mta-sts}). */
  MTA_STS("MTA-STS"),
  /** The TLS reporting record ({@code _smtp._tls}). */
  TLS_RPT("TLS-RPT"),
  /** The BIMI record ({@code default._bimi}). */
  BIMI("BIMI");

  private final String title;

  AuditSection(String title) {
    this.title = title;
  }

  /** The heading shown to people. */
  public String title() {
    return title;
  }
}
