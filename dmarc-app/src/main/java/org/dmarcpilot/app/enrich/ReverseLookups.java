// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The two DNS questions reverse-DNS enrichment asks. The application adapts the core {@code
 * DnsResolver} to it; tests give a table. Implementations are thread-safe and never throw for DNS
 * trouble: they answer {@link ReverseDnsStatus#TEMPFAIL}.
 */
public interface ReverseLookups {

  /**
   * An answer: its status and values.
   *
   * @param status FOUND with values, NONE for NXDOMAIN or NODATA, TEMPFAIL for trouble
   * @param values the names or addresses
   * @param <T> the value type
   */
  record Answer<T>(ReverseDnsStatus status, List<T> values) {
    public Answer {
      Objects.requireNonNull(status, "status");
      values = List.copyOf(values);
    }
  }

  /** The PTR names of an address. */
  Answer<String> ptr(InetAddress address);

  /** The addresses of a name in the given family (A for IPv4, AAAA for IPv6). */
  Answer<InetAddress> addresses(String name, boolean ipv6);

  /**
   * {@link #ptr} without waiting, so that many lookups are out at once without a thread each. The
   * future never fails. This default asks {@link #ptr} on the calling thread; {@link
   * DnsReverseLookups} overrides it, and what is chained to its future must not block.
   */
  default CompletableFuture<Answer<String>> ptrAsync(InetAddress address) {
    return CompletableFuture.completedFuture(ptr(address));
  }

  /** {@link #addresses} without waiting (see {@link #ptrAsync}). */
  default CompletableFuture<Answer<InetAddress>> addressesAsync(String name, boolean ipv6) {
    return CompletableFuture.completedFuture(addresses(name, ipv6));
  }
}
