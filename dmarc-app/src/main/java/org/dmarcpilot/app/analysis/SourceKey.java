// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.util.Objects;

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

  /** An IP key. */
  public static SourceKey ofIp(InetAddress ip) {
    return new SourceKey(false, ip.getHostAddress());
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
      return new SourceKey(false, text.substring(3));
    }
    throw new IllegalArgumentException("not a source key (service:<id> or ip:<address>): " + text);
  }

  @Override
  public String toString() {
    return (service ? "service:" : "ip:") + value;
  }
}
