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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
  private final int maxInFlight;
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
    this.maxInFlight = maxInFlight;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "rdns-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(maxInFlight, threads);
  }

  /**
   * Enriches the addresses; every address gets facts, in input order (duplicates once). Each lookup
   * starts on the enricher's threads; with {@link DnsReverseLookups} the questions then go out
   * without holding a thread, and at most {@code maxInFlight} addresses are being looked up at once
   * whatever the lookups are. An address not done within the timeout is {@link
   * ReverseDnsStatus#TEMPFAIL} (its DNS questions end with their own timeouts).
   */
  public Map<InetAddress, IpFacts> enrich(Iterable<InetAddress> addresses) {
    Semaphore permits = new Semaphore(maxInFlight);
    Map<InetAddress, CompletableFuture<IpFacts>> futures = new LinkedHashMap<>();
    for (InetAddress a : addresses) {
      if (futures.containsKey(a)) {
        continue;
      }
      try {
        permits.acquire();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        futures.put(a, CompletableFuture.completedFuture(failed(a)));
        continue;
      }
      CompletableFuture<IpFacts> f;
      try {
        f =
            CompletableFuture.supplyAsync(() -> lookupAsync(a), pool)
                .thenCompose(x -> x)
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(ex -> failed(a));
      } catch (RejectedExecutionException ex) {
        f = CompletableFuture.completedFuture(failed(a));
      }
      f.whenComplete((x, ex) -> permits.release());
      futures.put(a, f);
    }
    Map<InetAddress, IpFacts> out = new LinkedHashMap<>();
    for (Map.Entry<InetAddress, CompletableFuture<IpFacts>> e : futures.entrySet()) {
      out.put(e.getKey(), e.getValue().join());
    }
    return out;
  }

  /** Enriches one address on the calling thread. */
  public IpFacts lookup(InetAddress ip) {
    try {
      return lookupAsync(ip).join();
    } catch (CompletionException | CancellationException e) {
      return failed(ip);
    }
  }

  private IpFacts failed(InetAddress ip) {
    return withGeo(ip, ReverseDnsStatus.TEMPFAIL, null, false);
  }

  private CompletableFuture<IpFacts> lookupAsync(InetAddress ip) {
    return dns.ptrAsync(ip)
        .thenCompose(
            ptr -> {
              if (ptr.status() != ReverseDnsStatus.FOUND || ptr.values().isEmpty()) {
                ReverseDnsStatus s =
                    ptr.status() == ReverseDnsStatus.TEMPFAIL
                        ? ReverseDnsStatus.TEMPFAIL
                        : ReverseDnsStatus.NONE;
                return CompletableFuture.completedFuture(withGeo(ip, s, null, false));
              }
              List<String> names = new ArrayList<>();
              for (String n : ptr.values()) {
                String name = n.toLowerCase(Locale.ROOT);
                names.add(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
              }
              return confirm(ip, names, 0);
            });
  }

  /** Forward confirmation: the first of the PTR names (at most a few) that resolves back to ip. */
  private CompletableFuture<IpFacts> confirm(InetAddress ip, List<String> names, int index) {
    if (index >= Math.min(names.size(), MAX_PTR_NAMES_CHECKED)) {
      return CompletableFuture.completedFuture(
          withGeo(ip, ReverseDnsStatus.FOUND, names.get(0), false));
    }
    String name = names.get(index);
    return dns.addressesAsync(name, ip instanceof Inet6Address)
        .thenCompose(
            fwd ->
                fwd.status() == ReverseDnsStatus.FOUND && fwd.values().contains(ip)
                    ? CompletableFuture.completedFuture(
                        withGeo(ip, ReverseDnsStatus.FOUND, name, true))
                    : confirm(ip, names, index + 1));
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
