// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

/**
 * DNSSEC and DANE questions for the domain audit: is a zone signed, and which TLSA records does a
 * mail host publish. Like checkdmarc, the signing check verifies the zone's signatures against its
 * own DNSKEY records; it does not build the chain of trust from the root (DS records). {@link
 * DnsjavaDnssecLookup} asks real servers; tests implement it in memory.
 */
public interface DnssecLookup {

  /**
   * Finds the zone of a name (its SOA) and whether that zone is signed.
   *
   * @param name a domain name, any case, with or without the trailing dot
   */
  ZoneSigning zoneSigning(String name);

  /**
   * The TLSA records at a name (such as {@code _25._tcp.mx.example.com}).
   *
   * @param name the TLSA owner name
   */
  TlsaAnswer tlsa(String name);
}
