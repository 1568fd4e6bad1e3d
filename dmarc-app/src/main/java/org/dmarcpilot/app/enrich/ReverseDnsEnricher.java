// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.dmarcpilot.app.enrich.geoip.GeoFacts;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.jspecify.annotations.Nullable;

/**
 * Enriches source IPs concurrently: PTR lookup, forward confirmation (the PTR name resolves back to
 * the address: FCrDNS), the PTR name's Organizational Domain, ASN and country. At most {@code
 * maxInFlight} addresses are looked up at once (default {@value #DEFAULT_IN_FLIGHT}); each gets
 * {@code timeout} in all and is {@link ReverseDnsStatus#TEMPFAIL} after it. Thread-safe; close it
 * to stop its threads.
 */
public final class ReverseDnsEnricher implements AutoCloseable {
  /** The default number of addresses looked up at once. */
  public static final int DEFAULT_IN_FLIGHT = 64;

  /** The default time one address may take (PTR plus forward confirmation). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_PTR_NAMES_CHECKED = 4;

  private final ReverseLookups dns;
  private final Function<String, String> organizationalDomain;
  private final GeoIp geo;
  private final Duration timeout;
  private final ExecutorService pool;

  /**
   * An enricher.
   *
   * @param dns the DNS questions
   * @param organizationalDomain the base domain of a PTR name
   * @param geo the GeoIP databases ({@link GeoIp#absent()} when none)
   * @param maxInFlight how many addresses are looked up at once
   * @param timeout how long one address may take
   */
  public ReverseDnsEnricher(
      ReverseLookups dns,
      Function<String, String> organizationalDomain,
      GeoIp geo,
      int maxInFlight,
      Duration timeout) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.organizationalDomain =
        Objects.requireNonNull(organizationalDomain, "organizationalDomain");
    this.geo = Objects.requireNonNull(geo, "geo");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (maxInFlight < 1 || maxInFlight > 1024) {
      throw new IllegalArgumentException("maxInFlight must be 1..1024: " + maxInFlight);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "rdns-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(maxInFlight, threads);
  }

  /** Enriches the addresses; every address gets facts, in input order (duplicates once). */
  public Map<InetAddress, IpFacts> enrich(Iterable<InetAddress> addresses) {
    Map<InetAddress, Future<IpFacts>> futures = new LinkedHashMap<>();
    for (InetAddress a : addresses) {
      futures.computeIfAbsent(a, ip -> pool.submit(() -> lookup(ip)));
    }
    Map<InetAddress, IpFacts> out = new LinkedHashMap<>();
    for (Map.Entry<InetAddress, Future<IpFacts>> e : futures.entrySet()) {
      // the lookups run concurrently; the resolver's own timeouts bound each DNS question, and
      // this bounds what one address may add once the ones before it are done
      IpFacts f;
      try {
        f = e.getValue().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | CancellationException | ExecutionException ex) {
        e.getValue().cancel(true);
        f = withGeo(e.getKey(), ReverseDnsStatus.TEMPFAIL, null, false);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        f = withGeo(e.getKey(), ReverseDnsStatus.TEMPFAIL, null, false);
      }
      out.put(e.getKey(), f);
    }
    return out;
  }

  /** Enriches one address on the calling thread. */
  public IpFacts lookup(InetAddress ip) {
    ReverseLookups.Answer<String> ptr = dns.ptr(ip);
    if (ptr.status() != ReverseDnsStatus.FOUND || ptr.values().isEmpty()) {
      ReverseDnsStatus s =
          ptr.status() == ReverseDnsStatus.TEMPFAIL
              ? ReverseDnsStatus.TEMPFAIL
              : ReverseDnsStatus.NONE;
      return withGeo(ip, s, null, false);
    }
    List<String> names = new ArrayList<>();
    for (String n : ptr.values()) {
      String name = n.toLowerCase(Locale.ROOT);
      names.add(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    }
    boolean v6 = ip instanceof Inet6Address;
    int checked = 0;
    for (String name : names) {
      if (checked++ >= MAX_PTR_NAMES_CHECKED || Thread.currentThread().isInterrupted()) {
        break;
      }
      ReverseLookups.Answer<InetAddress> fwd = dns.addresses(name, v6);
      if (fwd.status() == ReverseDnsStatus.FOUND && fwd.values().contains(ip)) {
        return withGeo(ip, ReverseDnsStatus.FOUND, name, true);
      }
    }
    return withGeo(ip, ReverseDnsStatus.FOUND, names.get(0), false);
  }

  private IpFacts withGeo(
      InetAddress ip, ReverseDnsStatus s, @Nullable String ptr, boolean confirmed) {
    GeoFacts g = geo.lookup(ip);
    String base = null;
    if (ptr != null && !ptr.isEmpty()) {
      try {
        base = organizationalDomain.apply(ptr);
      } catch (RuntimeException e) {
        base = null;
      }
    }
    return new IpFacts(ip, s, ptr, base, confirmed, g.asn(), g.asOrganization(), g.country());
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
