// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

/**
 * The outcome of a DNS query, as the DMARC, SPF and DKIM logic needs it. "No record" and "could not
 * ask" lead to different results, so they are different values here.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8020">RFC 8020 (NXDOMAIN: there really is nothing
 *     underneath)</a>
 */
public enum DnsStatus {
  /** The name exists and has records of the type asked for. */
  OK,
  /** The name does not exist (RCODE 3), and nothing below it does (RFC 8020). */
  NXDOMAIN,
  /**
   * The name exists but has no records of the type asked for (NOERROR with an empty answer). An
   * empty non-terminal, a name that only has children, is NODATA too.
   */
  NODATA,
  /**
   * No usable answer: a timeout, SERVFAIL, REFUSED, a network error, a CNAME loop or an answer that
   * could not be read. A later attempt may succeed.
   */
  TEMPFAIL;

  /** Whether the answer is definite (not {@link #TEMPFAIL}). */
  public boolean isDefinite() {
    return this != TEMPFAIL;
  }

  /** Whether the name has no records of the type: {@link #NXDOMAIN} or {@link #NODATA}. */
  public boolean isEmpty() {
    return this == NXDOMAIN || this == NODATA;
  }
}
