// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of answers that honours their TTLs: an entry expires when its TTL (capped at a
 * maximum) has passed on the injected clock; the least recently used entry goes when the cache is
 * full. TEMPFAIL answers are never cached. Thread-safe.
 */
final class AnswerCache {
  private record Key(String name, RecordType type) {}

  private record Entry(DnsAnswer<ResourceData> answer, Instant expires) {}

  private final int capacity;
  private final long maxTtlSeconds;
  private final Clock clock;
  private final LinkedHashMap<Key, Entry> map;

  AnswerCache(int capacity, Duration maxTtl, Clock clock) {
    this.capacity = capacity;
    this.maxTtlSeconds = maxTtl.toSeconds();
    this.clock = clock;
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > AnswerCache.this.capacity;
          }
        };
  }

  synchronized @Nullable DnsAnswer<ResourceData> get(String name, RecordType type) {
    if (capacity == 0) {
      return null;
    }
    Key k = new Key(name, type);
    Entry e = map.get(k);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expires())) {
      map.remove(k);
      return null;
    }
    return e.answer();
  }

  synchronized void put(DnsAnswer<ResourceData> answer) {
    if (capacity == 0 || answer.status() == DnsStatus.TEMPFAIL) {
      return;
    }
    long ttl = Math.min(answer.ttlSeconds(), maxTtlSeconds);
    if (ttl <= 0) {
      return;
    }
    map.put(
        new Key(answer.name(), answer.type()), new Entry(answer, clock.instant().plusSeconds(ttl)));
  }

  synchronized int size() {
    return map.size();
  }
}
