// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

/** Whether a zone is signed with DNSSEC and its signatures check out. */
public enum DnssecStatus {
  /** The zone publishes DNSKEY records and the signatures checked verify with them. */
  SIGNED,
  /** The zone publishes no DNSKEY record. */
  UNSIGNED,
  /** The zone publishes keys but a signature is missing, expired or does not verify. */
  INVALID,
  /** The question could not be answered (timeout, server failure). */
  TEMPFAIL
}
