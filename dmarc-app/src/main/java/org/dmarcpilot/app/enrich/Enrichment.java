// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Enrichment with a cache: addresses whose facts have not expired come from the cache, the others
 * are looked up concurrently and cached ({@value #DEFAULT_TTL_DAYS} days by default; temporary
 * failures for {@value #DEFAULT_TEMPFAIL_MINUTES} minutes, so that they are retried soon but not
 * once per record). Thread-safe.
 */
public final class Enrichment {
  /** Default days enriched facts are kept. */
  public static final int DEFAULT_TTL_DAYS = 7;

  /** Default minutes a temporary failure is kept. */
  public static final int DEFAULT_TEMPFAIL_MINUTES = 30;

  private final ReverseDnsEnricher enricher;
  private final IpFactsCache cache;
  private final Clock clock;
  private final Duration ttl;
  private final Duration tempfailTtl;

  /** Enrichment with the default expiry. */
  public Enrichment(ReverseDnsEnricher enricher, IpFactsCache cache, Clock clock) {
    this(
        enricher,
        cache,
        clock,
        Duration.ofDays(DEFAULT_TTL_DAYS),
        Duration.ofMinutes(DEFAULT_TEMPFAIL_MINUTES));
  }

  /** Enrichment with the given expiry. */
  public Enrichment(
      ReverseDnsEnricher enricher,
      IpFactsCache cache,
      Clock clock,
      Duration ttl,
      Duration tempfailTtl) {
    this.enricher = Objects.requireNonNull(enricher, "enricher");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.tempfailTtl = Objects.requireNonNull(tempfailTtl, "tempfailTtl");
  }

  /** What one call did. */
  public record Result(Map<InetAddress, IpFacts> facts, int fromCache, int lookedUp) {
    public Result {
      facts = Map.copyOf(facts);
    }
  }

  /** The facts for every address (duplicates once). */
  public Result enrich(Collection<InetAddress> addresses) {
    Instant now = clock.instant();
    Set<InetAddress> wanted = new LinkedHashSet<>(addresses);
    Map<InetAddress, IpFacts> out = new LinkedHashMap<>(cache.find(wanted, now));
    int cached = out.size();
    List<InetAddress> missing = new ArrayList<>();
    for (InetAddress a : wanted) {
      if (!out.containsKey(a)) {
        missing.add(a);
      }
    }
    if (!missing.isEmpty()) {
      Map<InetAddress, IpFacts> fresh = enricher.enrich(missing);
      List<IpFacts> good = new ArrayList<>();
      List<IpFacts> failed = new ArrayList<>();
      for (IpFacts f : fresh.values()) {
        (f.reverseDns() == ReverseDnsStatus.TEMPFAIL ? failed : good).add(f);
      }
      cache.put(good, now.plus(ttl));
      cache.put(failed, now.plus(tempfailTtl));
      out.putAll(fresh);
    }
    return new Result(out, cached, missing.size());
  }
}
