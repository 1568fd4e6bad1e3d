// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

/** What a piece of identification evidence was taken from. */
public enum EvidenceKind {
  /** A DKIM signature whose {@code d=} domain is the service's. */
  DKIM_DOMAIN,
  /** The envelope (RFC5321.MailFrom) domain is the service's return-path domain. */
  ENVELOPE_DOMAIN,
  /** The source IP's reverse-DNS name is one of the service's outbound host names. */
  PTR,
  /** A DKIM selector the service asks its customers to publish. */
  DKIM_SELECTOR,
  /** The source IP is in an autonomous system that carries the service's mail. */
  ASN
}
