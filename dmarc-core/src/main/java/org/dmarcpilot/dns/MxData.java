// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.Objects;

/**
 * An MX record.
 *
 * @param preference lower is preferred
 * @param exchange the mail host, lower case, without the trailing dot; empty for the null MX of RFC
 *     7505 ({@code 0 .})
 */
public record MxData(int preference, String exchange) implements ResourceData {
  public MxData {
    Objects.requireNonNull(exchange, "exchange");
    if (preference < 0 || preference > 65535) {
      throw new IllegalArgumentException("MX preference out of range: " + preference);
    }
  }

  /** Whether this is a null MX (RFC 7505): the domain accepts no mail. */
  public boolean isNullMx() {
    return exchange.isEmpty();
  }

  @Override
  public String presentation() {
    return preference + " " + (exchange.isEmpty() ? "." : exchange + ".");
  }
}
