// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An A or AAAA record.
 *
 * @param address an {@link java.net.Inet4Address} for A, an {@link java.net.Inet6Address} for AAAA
 */
public record AddressData(InetAddress address) implements ResourceData {
  public AddressData {
    Objects.requireNonNull(address, "address");
  }

  @Override
  public String presentation() {
    return address.getHostAddress();
  }
}
