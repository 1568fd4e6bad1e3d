// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.List;
import java.util.Objects;

/**
 * The TLSA records (RFC 6698, DANE) at a name.
 *
 * @param name the name asked for, lower case, without the trailing dot
 * @param status OK with records, NXDOMAIN or NODATA without, or TEMPFAIL
 * @param records each TLSA record in presentation form ({@code 3 1 1 <hex>}); empty unless OK
 * @param signed whether the answer came with RRSIG records
 * @param detail why the status is TEMPFAIL, or an empty string
 */
public record TlsaAnswer(
    String name, DnsStatus status, List<String> records, boolean signed, String detail) {
  public TlsaAnswer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    records = List.copyOf(records);
    Objects.requireNonNull(detail, "detail");
    if ((status == DnsStatus.OK) == records.isEmpty()) {
      throw new IllegalArgumentException(
          "status " + status + " with " + records.size() + " records");
    }
  }

  /** A one-line account for evidence: {@code _25._tcp.mx.example.com TLSA -> NXDOMAIN}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(name).append(" TLSA -> ");
    if (status == DnsStatus.OK) {
      sb.append(String.join(" | ", records)).append(signed ? " (signed)" : " (unsigned)");
    } else {
      sb.append(status.name());
      if (!detail.isEmpty()) {
        sb.append(" (").append(detail).append(')');
      }
    }
    return sb.toString();
  }
}
