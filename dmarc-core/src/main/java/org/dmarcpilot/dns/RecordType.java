// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.Locale;
import java.util.Optional;

/** The DNS record types the DMARC, SPF and DKIM logic asks for. */
public enum RecordType {
  /** An IPv4 address. */
  A(1),
  /** A name server (used to follow delegations). */
  NS(2),
  /** An alias to a canonical name. */
  CNAME(5),
  /** The start of a zone of authority. */
  SOA(6),
  /** A pointer, for reverse DNS. */
  PTR(12),
  /** A mail exchanger. */
  MX(15),
  /** Text: DMARC, SPF, DKIM keys, MTA-STS, TLS-RPT and BIMI records. */
  TXT(16),
  /** An IPv6 address. */
  AAAA(28),
  /** The obsolete SPF record type (RFC 7208 §3.1 says it must not be used any more). */
  SPF(99);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  /** The numeric type code (RFC 1035 and successors). */
  public int code() {
    return code;
  }

  /** The type for a mnemonic such as {@code "txt"} (any case), if it is one of these. */
  public static Optional<RecordType> fromMnemonic(String mnemonic) {
    try {
      return Optional.of(valueOf(mnemonic.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
