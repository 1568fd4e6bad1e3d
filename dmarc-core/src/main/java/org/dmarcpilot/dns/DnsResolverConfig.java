// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link DnsjavaResolver} talks to DNS servers. The defaults suit a mail server's local
 * recursive resolver; {@code dmarcpilot check --dns HOST:PORT} sets {@link #servers}.
 *
 * @param servers the servers to ask, in order; empty means the system's (resolv.conf)
 * @param timeout how long one attempt at one server may take
 * @param retries how many more rounds over all servers after the first one fails
 * @param cacheSize how many answers the cache keeps (least recently used go first); 0 disables it
 * @param maxCacheTtl the longest an answer is cached, whatever its TTL says
 * @param ednsPayloadSize the EDNS(0) UDP payload size offered; 0 sends no EDNS, so answers over 512
 *     bytes come truncated and are asked again over TCP
 * @param maxReferrals how many delegations (referrals from an authoritative server) are followed
 *     for one question; 0 turns a referral into TEMPFAIL
 */
public record DnsResolverConfig(
    List<InetSocketAddress> servers,
    Duration timeout,
    int retries,
    int cacheSize,
    Duration maxCacheTtl,
    int ednsPayloadSize,
    int maxReferrals) {

  /** The default timeout of one attempt: {@value #DEFAULT_TIMEOUT_MILLIS} ms. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

  /** The default number of retries: {@value}. */
  public static final int DEFAULT_RETRIES = 1;

  /** The default cache size: {@value} answers. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /** The default EDNS payload size: {@value} bytes (the DNS Flag Day 2020 value). */
  public static final int DEFAULT_EDNS_PAYLOAD = 1232;

  /** The default number of referrals followed: {@value}. */
  public static final int DEFAULT_MAX_REFERRALS = 4;

  public DnsResolverConfig {
    servers = List.copyOf(servers);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxCacheTtl, "maxCacheTtl");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries must be 0..10: " + retries);
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
    }
    if (ednsPayloadSize != 0 && (ednsPayloadSize < 512 || ednsPayloadSize > 65535)) {
      throw new IllegalArgumentException("ednsPayloadSize must be 0 or 512..65535");
    }
    if (maxReferrals < 0 || maxReferrals > 16) {
      throw new IllegalArgumentException("maxReferrals must be 0..16: " + maxReferrals);
    }
  }

  /** The defaults, asking the system's servers. */
  public static DnsResolverConfig defaults() {
    return new DnsResolverConfig(
        List.of(),
        Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS),
        DEFAULT_RETRIES,
        DEFAULT_CACHE_SIZE,
        Duration.ofDays(1),
        DEFAULT_EDNS_PAYLOAD,
        DEFAULT_MAX_REFERRALS);
  }

  /** A copy that asks these servers. */
  public DnsResolverConfig withServers(List<InetSocketAddress> newServers) {
    return new DnsResolverConfig(
        newServers, timeout, retries, cacheSize, maxCacheTtl, ednsPayloadSize, maxReferrals);
  }

  /** A copy with another timeout per attempt and number of retries. */
  public DnsResolverConfig withTimeout(Duration newTimeout, int newRetries) {
    return new DnsResolverConfig(
        servers, newTimeout, newRetries, cacheSize, maxCacheTtl, ednsPayloadSize, maxReferrals);
  }

  /** A copy with another cache size (0 disables the cache). */
  public DnsResolverConfig withCacheSize(int newCacheSize) {
    return new DnsResolverConfig(
        servers, timeout, retries, newCacheSize, maxCacheTtl, ednsPayloadSize, maxReferrals);
  }

  /** A copy with another EDNS payload size (0: no EDNS). */
  public DnsResolverConfig withEdnsPayloadSize(int size) {
    return new DnsResolverConfig(
        servers, timeout, retries, cacheSize, maxCacheTtl, size, maxReferrals);
  }

  /**
   * Parses a server given as {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT}. The host must
   * be an IP address literal or {@code localhost} (no DNS is needed to find DNS). The port defaults
   * to 53.
   *
   * @throws IllegalArgumentException naming the text and the problem
   */
  public static InetSocketAddress parseServer(String text) {
    Objects.requireNonNull(text, "text");
    String host = text.strip();
    int port = 53;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "': missing ']'");
      }
      String rest = host.substring(close + 1);
      host = host.substring(1, close);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("'" + text + "': expected ':PORT' after ']'");
        }
        port = port(text, rest.substring(1));
      }
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      port = port(text, host.substring(host.indexOf(':') + 1));
      host = host.substring(0, host.indexOf(':'));
    }
    Optional<InetAddress> ip =
        host.equalsIgnoreCase("localhost")
            ? Optional.of(InetAddress.getLoopbackAddress())
            : IpAddresses.parse(host);
    if (ip.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "': the DNS server must be an IP address (optionally with :PORT)");
    }
    return new InetSocketAddress(ip.get(), port);
  }

  private static int port(String text, String p) {
    try {
      int port = Integer.parseInt(p);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("'" + text + "': bad port \"" + p + "\"");
  }
}
