// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link IpFactsCache} in memory. Thread-safe. */
public final class InMemoryIpFactsCache implements IpFactsCache {
  private record Entry(IpFacts facts, Instant expires) {}

  private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public Map<InetAddress, IpFacts> find(Collection<InetAddress> addresses, Instant now) {
    Map<InetAddress, IpFacts> out = new HashMap<>();
    for (InetAddress a : addresses) {
      Entry e = entries.get(a);
      if (e != null && e.expires().isAfter(now)) {
        out.put(a, e.facts());
      }
    }
    return out;
  }

  @Override
  public void put(Collection<IpFacts> facts, Instant expires) {
    for (IpFacts f : facts) {
      entries.put(f.ip(), new Entry(f, expires));
    }
  }

  /** How many entries are held (expired ones included). */
  public int size() {
    return entries.size();
  }
}
