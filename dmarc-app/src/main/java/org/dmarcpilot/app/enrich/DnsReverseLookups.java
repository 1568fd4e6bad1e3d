// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;

/** {@link ReverseLookups} over the core {@link DnsResolver} (real DNS, or a zone in tests). */
public final class DnsReverseLookups implements ReverseLookups {
  private final DnsResolver dns;

  /** Lookups through the given resolver. */
  public DnsReverseLookups(DnsResolver dns) {
    this.dns = Objects.requireNonNull(dns, "dns");
  }

  @Override
  public Answer<String> ptr(InetAddress address) {
    return convert(dns.ptr(address));
  }

  @Override
  public Answer<InetAddress> addresses(String name, boolean ipv6) {
    return convert(ipv6 ? dns.aaaa(name) : dns.a(name));
  }

  @Override
  public CompletableFuture<Answer<String>> ptrAsync(InetAddress address) {
    return dns.ptrAsync(address).thenApply(DnsReverseLookups::convert);
  }

  @Override
  public CompletableFuture<Answer<InetAddress>> addressesAsync(String name, boolean ipv6) {
    return (ipv6 ? dns.aaaaAsync(name) : dns.aAsync(name)).thenApply(DnsReverseLookups::convert);
  }

  private static <T> Answer<T> convert(DnsAnswer<T> a) {
    if (a.status() == DnsStatus.OK && !a.values().isEmpty()) {
      return new Answer<>(ReverseDnsStatus.FOUND, a.values());
    }
    if (a.status() == DnsStatus.TEMPFAIL) {
      return new Answer<>(ReverseDnsStatus.TEMPFAIL, List.of());
    }
    return new Answer<>(ReverseDnsStatus.NONE, List.of());
  }
}
