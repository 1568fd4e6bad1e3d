// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Where enriched IP facts are kept until they expire, so that an address is looked up once per
 * period and not once per record. The store keeps them on servers; {@link InMemoryIpFactsCache}
 * serves tests and one-shot CLI runs. Implementations are thread-safe.
 */
public interface IpFactsCache {

  /** The facts not yet expired at {@code now} for the given addresses (absent ones are missing). */
  Map<InetAddress, IpFacts> find(Collection<InetAddress> addresses, Instant now);

  /** Keeps facts until {@code expires}. */
  void put(Collection<IpFacts> facts, Instant expires);
}
