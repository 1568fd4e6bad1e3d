// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a source is keyed by: a catalogued service, or a single IP where no service is known with at
 * least medium confidence. Written {@code service:<id>} or {@code ip:<address>}.
 *
 * @param service true for a service key, false for an IP key
 * @param value the service id or the IP address text
 */
public record SourceKey(boolean service, String value) {
  public SourceKey {
    Objects.requireNonNull(value, "value");
  }

  /** A service key. */
  public static SourceKey ofService(String id) {
    return new SourceKey(true, id);
  }

  /** An IP key, in the spelling the records have (RFC 5952 for IPv6: {@code 2001:db8::25}). */
  public static SourceKey ofIp(InetAddress ip) {
    return new SourceKey(false, InetAddresses.toAddrString(ip));
  }

  /**
   * The spelling earlier versions keyed an IPv6 source by ({@code 2001:db8:0:0:0:0:0:25}), or null
   * when it is the same as this key's (a service, an IPv4 address).
   */
  @Nullable String legacySpelling() {
    if (service || !InetAddresses.isInetAddress(value)) {
      return null;
    }
    String old = "ip:" + InetAddresses.forString(value).getHostAddress();
    return old.equals(toString()) ? null : old;
  }

  /**
   * Parses {@code service:<id>} or {@code ip:<address>}.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static SourceKey parse(String text) {
    if (text.startsWith("service:") && text.length() > 8) {
      return new SourceKey(true, text.substring(8));
    }
    if (text.startsWith("ip:") && text.length() > 3) {
      String ip = text.substring(3);
      return InetAddresses.isInetAddress(ip)
          ? ofIp(InetAddresses.forString(ip))
          : new SourceKey(false, ip);
    }
    throw new IllegalArgumentException("not a source key (service:<id> or ip:<address>): " + text);
  }

  @Override
  public String toString() {
    return (service ? "service:" : "ip:") + value;
  }
}
