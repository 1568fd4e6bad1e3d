// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

/** The outcome of a reverse-DNS lookup of a source IP. */
public enum ReverseDnsStatus {
  /** A PTR name was found. */
  FOUND,
  /** The address has no PTR record (NXDOMAIN or NODATA). */
  NONE,
  /** The lookup failed (timeout, SERVFAIL); it is retried later. */
  TEMPFAIL,
  /** Not looked up (yet). */
  NOT_LOOKED_UP
}
