// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A resolver that answers from zone-file text, for tests, offline use and {@code dmarcpilot check
 * --zone-file}. It is strict: a name the text does not declare is NXDOMAIN; a declared name without
 * records of the type asked for is NODATA, and so is an empty non-terminal (a name that exists only
 * because a name below it is declared). Wildcards ({@code *.example.com}) answer for names that do
 * not exist, as RFC 4592 describes. The pseudo-type {@code TIMEOUT} makes every query at a name a
 * {@link DnsStatus#TEMPFAIL}. CNAMEs are followed up to {@value #MAX_CNAME_CHAIN} links.
 *
 * <p>It records every question it gets, so tests can assert lookup counts:
 *
 * <pre>{@code
 * var dns = InMemoryDnsResolver.fromZone("""
 *     example.com.         IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
 *     _dmarc.example.com.  IN TXT "v=DMARC1; p=reject; rua=mailto:agg@example.com"
 *     slow.example.com.    TIMEOUT
 *     """);
 * dns.txt("example.com").status();       // OK
 * dns.txt("com").status();               // NODATA (empty non-terminal)
 * dns.a("slow.example.com").status();    // TEMPFAIL
 * dns.queryCount();                      // 3
 * }</pre>
 *
 * <p>Thread-safe; the data is immutable after construction.
 */
public final class InMemoryDnsResolver implements DnsResolver {
  /** How many CNAME links are followed before the answer is TEMPFAIL. */
  public static final int MAX_CNAME_CHAIN = 8;

  /** One question the resolver got. */
  public record Query(String name, RecordType type) {}

  private record RrSet(List<ResourceData> values, long ttl) {}

  private final Map<String, Map<RecordType, RrSet>> data;
  private final Set<String> existing;
  private final Set<String> timeouts;
  private final List<Query> queries = new ArrayList<>();

  private InMemoryDnsResolver(List<ZoneParser.Entry> entries) {
    Map<String, Map<RecordType, List<ResourceData>>> values = new HashMap<>();
    Map<String, Map<RecordType, Long>> ttls = new HashMap<>();
    Set<String> names = new HashSet<>();
    Set<String> slow = new HashSet<>();
    for (ZoneParser.Entry e : entries) {
      for (String n = e.owner(); !n.isEmpty(); n = DomainNames.parent(n)) {
        if (!names.add(n)) {
          break;
        }
      }
      switch (e.kind()) {
        case TIMEOUT -> slow.add(e.owner());
        case OTHER -> {
          // the name exists; the data is not served
        }
        case DATA -> {
          if (e.data() != null && e.type() != null) {
            values
                .computeIfAbsent(e.owner(), k -> new EnumMap<>(RecordType.class))
                .computeIfAbsent(e.type(), k -> new ArrayList<>())
                .add(e.data());
            ttls.computeIfAbsent(e.owner(), k -> new EnumMap<>(RecordType.class))
                .merge(e.type(), e.ttl(), Math::min);
          }
        }
        default -> throw new IllegalStateException(e.kind().name());
      }
    }
    Map<String, Map<RecordType, RrSet>> built = new HashMap<>();
    values.forEach(
        (name, byType) -> {
          Map<RecordType, RrSet> m = new EnumMap<>(RecordType.class);
          byType.forEach(
              (type, list) -> {
                m.put(type, new RrSet(List.copyOf(list), ttls.get(name).get(type)));
              });
          built.put(name, Map.copyOf(m));
        });
    this.data = Map.copyOf(built);
    this.existing = Set.copyOf(names);
    this.timeouts = Set.copyOf(slow);
  }

  /**
   * Reads zone-file text (see {@link InMemoryDnsResolver} for the format).
   *
   * @throws ZoneSyntaxException naming the line and the problem
   */
  public static InMemoryDnsResolver parse(String zoneText) throws ZoneSyntaxException {
    Objects.requireNonNull(zoneText, "zoneText");
    return new InMemoryDnsResolver(new ZoneParser().parse(zoneText));
  }

  /**
   * Reads zone-file text that is known to be valid, such as a literal in a test.
   *
   * @throws IllegalArgumentException if the text does not parse
   */
  public static InMemoryDnsResolver fromZone(String zoneText) {
    try {
      return parse(zoneText);
    } catch (ZoneSyntaxException e) {
      throw new IllegalArgumentException("zone text: " + e.getMessage(), e);
    }
  }

  /** A resolver with no names at all: every name is NXDOMAIN. */
  public static InMemoryDnsResolver empty() {
    return new InMemoryDnsResolver(List.of());
  }

  @Override
  public DnsAnswer<ResourceData> query(String name, RecordType type) {
    Objects.requireNonNull(type, "type");
    String qname = DomainNames.normalize(Objects.requireNonNull(name, "name"));
    synchronized (queries) {
      queries.add(new Query(qname, type));
    }
    List<String> chain = new ArrayList<>();
    String current = qname;
    long ttl = Long.MAX_VALUE;
    for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
      if (timeouts.contains(current)) {
        return DnsAnswer.tempfail(qname, type, "timeout (TIMEOUT marker at " + current + ")");
      }
      Map<RecordType, RrSet> node = data.get(current);
      if (node == null && !existing.contains(current)) {
        node = wildcard(current);
        if (node == null) {
          return DnsAnswer.empty(qname, type, DnsStatus.NXDOMAIN, chain, Math.min(ttl, 300));
        }
      }
      if (node == null) {
        return DnsAnswer.empty(qname, type, DnsStatus.NODATA, chain, Math.min(ttl, 300));
      }
      RrSet cname = node.get(RecordType.CNAME);
      if (type != RecordType.CNAME && cname != null) {
        String target = ((NameData) cname.values().get(0)).name();
        if (chain.contains(target) || target.equals(qname)) {
          return DnsAnswer.tempfail(qname, type, "CNAME loop at " + target);
        }
        chain.add(target);
        ttl = Math.min(ttl, cname.ttl());
        current = target;
        continue;
      }
      RrSet set = node.get(type);
      if (set == null) {
        return DnsAnswer.empty(qname, type, DnsStatus.NODATA, chain, Math.min(ttl, 300));
      }
      return DnsAnswer.ok(qname, type, set.values(), chain, Math.min(ttl, set.ttl()));
    }
    return DnsAnswer.tempfail(qname, type, "CNAME chain longer than " + MAX_CNAME_CHAIN);
  }

  /** The data of the wildcard that synthesises an answer for a name that does not exist. */
  private @Nullable Map<RecordType, RrSet> wildcard(String name) {
    String encloser = DomainNames.parent(name);
    while (!encloser.isEmpty() && !existing.contains(encloser)) {
      encloser = DomainNames.parent(encloser);
    }
    String source = encloser.isEmpty() ? "*" : "*." + encloser;
    return data.get(source);
  }

  /** The questions asked so far, in order. */
  public List<Query> queries() {
    synchronized (queries) {
      return List.copyOf(queries);
    }
  }

  /** The number of questions asked so far. */
  public int queryCount() {
    synchronized (queries) {
      return queries.size();
    }
  }

  /** The number of questions asked so far for one name (any type). */
  public int queryCount(String name) {
    String n = DomainNames.normalize(name);
    synchronized (queries) {
      return (int) queries.stream().filter(q -> q.name().equals(n)).count();
    }
  }

  /** Forgets the questions asked so far. */
  public void resetQueries() {
    synchronized (queries) {
      queries.clear();
    }
  }

  /** Whether the text declares the name or a name below it (the name exists). */
  public boolean exists(String name) {
    return existing.contains(DomainNames.normalize(name));
  }

  /** A convenience for tests: the addresses of A and AAAA records at a name. */
  public List<InetAddress> addresses(String name) {
    List<InetAddress> out = new ArrayList<>();
    Map<RecordType, RrSet> node = data.get(DomainNames.normalize(name));
    if (node != null) {
      for (RecordType t : List.of(RecordType.A, RecordType.AAAA)) {
        RrSet s = node.get(t);
        if (s != null) {
          s.values().forEach(v -> out.add(((AddressData) v).address()));
        }
      }
    }
    return out;
  }
}
