// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A {@link DnsResolver} on dnsjava's message model: asks the configured servers (or the system's)
 * over UDP, again over TCP when an answer comes back truncated, with a timeout per attempt and a
 * number of retries, and keeps answers in a bounded cache that honours their TTLs (negative answers
 * for the SOA's negative-caching TTL, RFC 2308). It follows CNAME chains itself, so an
 * authoritative server that only answers for its own zones works too, and it follows delegations
 * (referrals) to the servers named in the glue, on the port of the server that gave the referral
 * (so a test server on a loopback port can delegate to another one).
 *
 * <p>The questions travel through a process-wide transport (not dnsjava's resolvers): UDP over a
 * few shared sockets with random IDs and regularly renewed random ports, read by one selector
 * thread, so that many threads can ask at once without a socket and a selector registration per
 * question; at most 1,024 UDP questions are in flight in the process. Only a response from the
 * server asked, with the question's ID and exactly its question, within the size offered, is
 * accepted; forged, mismatched, oversized or malformed datagrams are dropped and named in the
 * timeout's reason.
 *
 * <p>Every failure is an answer: a timeout, SERVFAIL, REFUSED, a malformed or mismatched response,
 * a CNAME loop or too many referrals give {@link DnsStatus#TEMPFAIL} with the reason. Thread-safe.
 *
 * <pre>{@code
 * DnsResolver dns = new DnsjavaResolver(
 *     DnsResolverConfig.defaults().withServers(List.of(DnsResolverConfig.parseServer("127.0.0.1:5353"))),
 *     Clock.systemUTC());
 * }</pre>
 */
public final class DnsjavaResolver implements DnsResolver {
  private static final Logger LOG = LoggerFactory.getLogger(DnsjavaResolver.class);

  /** How many CNAME links are followed before the answer is TEMPFAIL. */
  public static final int MAX_CNAME_CHAIN = 8;

  private static final long DEFAULT_NEGATIVE_TTL = 60;

  private final DnsResolverConfig config;
  private final List<InetSocketAddress> servers;
  private final AnswerCache cache;

  /**
   * @param config servers, timeout, retries, cache size
   * @param clock the clock the cache measures TTLs with
   */
  public DnsjavaResolver(DnsResolverConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    List<InetSocketAddress> s = config.servers();
    if (s.isEmpty()) {
      s = ResolverConfig.getCurrentConfig().servers();
    }
    if (s.isEmpty()) {
      s = List.of(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 53));
    }
    this.servers = List.copyOf(s);
    this.cache = new AnswerCache(config.cacheSize(), config.maxCacheTtl(), clock);
  }

  /** A resolver with the default configuration, asking the system's servers. */
  public static DnsjavaResolver system() {
    return new DnsjavaResolver(DnsResolverConfig.defaults(), Clock.systemUTC());
  }

  /** The servers this resolver asks. */
  public List<InetSocketAddress> servers() {
    return servers;
  }

  @Override
  public DnsAnswer<ResourceData> query(String name, RecordType type) {
    CompletableFuture<DnsAnswer<ResourceData>> answer = queryAsync(name, type);
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(false);
      return DnsAnswer.tempfail(DomainNames.normalize(name), type, "interrupted");
    } catch (ExecutionException e) {
      return DnsAnswer.tempfail(DomainNames.normalize(name), type, String.valueOf(e.getCause()));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the questions go out at once and the future completes on the transport's threads when
   * the answer (after CNAMEs, referrals, retries and TCP fallback) is known; whatever is chained to
   * it must not block. The future never fails: trouble is {@link DnsStatus#TEMPFAIL}.
   */
  @Override
  public CompletableFuture<DnsAnswer<ResourceData>> queryAsync(String name, RecordType type) {
    Objects.requireNonNull(type, "type");
    String qname = DomainNames.normalize(Objects.requireNonNull(name, "name"));
    if (!DomainNames.isDnsName(qname)) {
      return CompletableFuture.completedFuture(
          new DnsAnswer<>(
              qname, type, DnsStatus.NXDOMAIN, List.of(), List.of(), 0, "not a valid domain name"));
    }
    DnsAnswer<ResourceData> cached = cache.get(qname, type);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletableFuture<DnsAnswer<ResourceData>> walk;
    try {
      walk = resolve(new Walk(qname, type));
    } catch (RuntimeException e) {
      walk = CompletableFuture.failedFuture(e);
    }
    return walk.handle(
        (answer, error) -> {
          if (error != null) {
            Throwable cause = unwrap(error);
            LOG.debug("{} {}: {}", qname, type, cause.toString());
            return DnsAnswer.tempfail(qname, type, "unexpected: " + cause);
          }
          cache.put(answer);
          return answer;
        });
  }

  /** Where a question's CNAME walk stands; used by one step at a time. */
  private static final class Walk {
    final String qname;
    final RecordType type;
    final List<String> chain = new ArrayList<>();
    String current;
    long ttl = Long.MAX_VALUE;
    int hop;

    Walk(String qname, RecordType type) {
      this.qname = qname;
      this.type = type;
      this.current = qname;
    }
  }

  private CompletableFuture<DnsAnswer<ResourceData>> resolve(Walk w) {
    if (w.hop > MAX_CNAME_CHAIN) {
      return CompletableFuture.completedFuture(
          DnsAnswer.tempfail(w.qname, w.type, "CNAME chain longer than " + MAX_CNAME_CHAIN));
    }
    w.hop++;
    return exchange(w.current, w.type, servers, 0)
        .thenCompose(
            ex -> {
              DnsAnswer<ResourceData> done = interpret(w, ex);
              return done != null ? CompletableFuture.completedFuture(done) : resolve(w);
            });
  }

  /** The answer in an exchange, or null when the CNAME chain leads elsewhere (w.current). */
  private static @Nullable DnsAnswer<ResourceData> interpret(Walk w, Exchange ex) {
    String qname = w.qname;
    RecordType type = w.type;
    List<String> chain = w.chain;
    String current = w.current;
    long ttl = w.ttl;
    if (ex.failure() != null) {
      return DnsAnswer.tempfail(qname, type, ex.failure());
    }
    Message response = ex.response();
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return DnsAnswer.tempfail(
          qname,
          type,
          Rcode.string(rcode)
              + " from "
              + (ex.server() == null ? "?" : display(ex.server()))
              + " for "
              + current);
    }
    // follow the CNAMEs inside the message
    List<org.xbill.DNS.Record> answers = response.getSection(Section.ANSWER);
    boolean restart = false;
    for (int inMessage = 0; inMessage <= MAX_CNAME_CHAIN; inMessage++) {
      List<ResourceData> values = new ArrayList<>();
      long setTtl = Long.MAX_VALUE;
      String alias = null;
      for (org.xbill.DNS.Record r : answers) {
        if (!nameOf(r.getName()).equals(current)) {
          continue;
        }
        if (r.getType() == type.code()) {
          ResourceData d = convert(r, type);
          if (d == null) {
            return DnsAnswer.tempfail(qname, type, "unreadable " + type + " record");
          }
          values.add(d);
          setTtl = Math.min(setTtl, r.getTTL());
        } else if (r instanceof CNAMERecord c && type != RecordType.CNAME) {
          alias = nameOf(c.getTarget());
          ttl = Math.min(ttl, r.getTTL());
        }
      }
      if (!values.isEmpty()) {
        return DnsAnswer.ok(qname, type, values, chain, Math.min(ttl, setTtl));
      }
      if (alias == null) {
        break;
      }
      if (chain.contains(alias) || alias.equals(qname)) {
        return DnsAnswer.tempfail(qname, type, "CNAME loop at " + alias);
      }
      chain.add(alias);
      if (chain.size() > MAX_CNAME_CHAIN) {
        return DnsAnswer.tempfail(qname, type, "CNAME chain longer than " + MAX_CNAME_CHAIN);
      }
      current = alias;
      if (!coveredByAuthority(response, current) && rcode == Rcode.NOERROR) {
        restart = true; // the target is elsewhere: ask for it
        break;
      }
    }
    if (restart) {
      w.current = current;
      w.ttl = ttl;
      return null;
    }
    long negative = negativeTtl(response);
    if (rcode == Rcode.NXDOMAIN) {
      return DnsAnswer.empty(qname, type, DnsStatus.NXDOMAIN, chain, Math.min(ttl, negative));
    }
    return DnsAnswer.empty(qname, type, DnsStatus.NODATA, chain, Math.min(ttl, negative));
  }

  /** The response to one question, or why there is none. */
  private record Exchange(
      @Nullable Message response, @Nullable String failure, @Nullable InetSocketAddress server) {}

  /** One question to a list of servers, asked in turn with retries. */
  private record Ask(
      String name,
      RecordType type,
      Message query,
      int maxSize,
      List<InetSocketAddress> targets,
      int referrals,
      DnsTransport transport) {}

  /** Asks the servers in turn, with retries; follows referrals. */
  private CompletableFuture<Exchange> exchange(
      String name, RecordType type, List<InetSocketAddress> targets, int referrals) {
    Message query;
    try {
      org.xbill.DNS.Record question =
          org.xbill.DNS.Record.newRecord(Name.fromString(name + "."), type.code(), DClass.IN);
      query = Message.newQuery(question);
    } catch (TextParseException e) {
      return failed("not a valid domain name: " + e.getMessage());
    }
    int maxSize = 512;
    if (config.ednsPayloadSize() > 0) {
      query.addRecord(new OPTRecord(config.ednsPayloadSize(), 0, 0), Section.ADDITIONAL);
      maxSize = config.ednsPayloadSize();
    }
    DnsTransport transport;
    try {
      transport = DnsTransport.shared();
    } catch (IOException e) {
      return failed(e.getMessage());
    }
    return attempt(
        new Ask(name, type, query, maxSize, targets, referrals, transport), 0, "no server");
  }

  private static CompletableFuture<Exchange> failed(String why) {
    return CompletableFuture.completedFuture(new Exchange(null, why, null));
  }

  private CompletableFuture<Exchange> attempt(Ask a, int attempt, String lastError) {
    if (a.targets().isEmpty() || attempt >= (config.retries() + 1) * a.targets().size()) {
      return failed(lastError);
    }
    InetSocketAddress server = a.targets().get(attempt % a.targets().size());
    return a.transport()
        .ask(a.query(), server, a.maxSize(), config.timeout())
        .handle(
            (response, error) -> {
              if (error == null) {
                if (isReferral(response, a.name())) {
                  return followReferral(a.name(), a.type(), response, server, a.referrals());
                }
                return CompletableFuture.completedFuture(new Exchange(response, null, server));
              }
              String why = describe(unwrap(error), attempt + 1, server);
              LOG.debug("{} {}: {}", a.name(), a.type(), why);
              return attempt(a, attempt + 1, why);
            })
        .thenCompose(next -> next);
  }

  private String describe(Throwable error, int attempts, InetSocketAddress server) {
    if (error instanceof DnsTransport.ExchangeException e && e.isTimeout()) {
      return "timeout after "
          + attempts
          + " attempt(s) of "
          + config.timeout().toMillis()
          + " ms, last to "
          + display(server)
          + (e.getMessage().equals("timeout") ? "" : ": " + e.getMessage());
    }
    return "error asking " + display(server) + ": " + error.getMessage();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private CompletableFuture<Exchange> followReferral(
      String name, RecordType type, Message response, InetSocketAddress from, int referrals) {
    if (referrals >= config.maxReferrals()) {
      return failed("more than " + config.maxReferrals() + " referrals");
    }
    List<String> nsNames = new ArrayList<>();
    for (org.xbill.DNS.Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof NSRecord ns) {
        nsNames.add(nameOf(ns.getTarget()));
      }
    }
    List<InetSocketAddress> next = new ArrayList<>();
    for (org.xbill.DNS.Record r : response.getSection(Section.ADDITIONAL)) {
      if (nsNames.contains(nameOf(r.getName()))) {
        if (r instanceof ARecord a) {
          next.add(new InetSocketAddress(a.getAddress(), from.getPort()));
        } else if (r instanceof AAAARecord a) {
          next.add(new InetSocketAddress(a.getAddress(), from.getPort()));
        }
      }
    }
    CompletableFuture<List<InetSocketAddress>> found =
        next.isEmpty()
            ? glueless(name, nsNames, 0, next, from, referrals) // look the servers up from the top
            : CompletableFuture.completedFuture(next);
    return found.thenCompose(
        addresses ->
            addresses.isEmpty()
                ? failed("referral from " + display(from) + " without usable servers")
                : exchange(name, type, addresses, referrals + 1));
  }

  /** The addresses of the name servers of a referral without glue, asked one after another. */
  private CompletableFuture<List<InetSocketAddress>> glueless(
      String name,
      List<String> nsNames,
      int index,
      List<InetSocketAddress> next,
      InetSocketAddress from,
      int referrals) {
    if (index >= nsNames.size()) {
      return CompletableFuture.completedFuture(next);
    }
    String ns = nsNames.get(index);
    if (DomainNames.isAtOrBelow(ns, name) || next.size() >= 4) {
      return glueless(name, nsNames, index + 1, next, from, referrals);
    }
    return exchange(ns, RecordType.A, servers, referrals + 1)
        .thenCompose(
            ex -> {
              if (ex.response() != null) {
                for (org.xbill.DNS.Record r : ex.response().getSection(Section.ANSWER)) {
                  if (r instanceof ARecord a) {
                    next.add(new InetSocketAddress(a.getAddress(), from.getPort()));
                  }
                }
              }
              return glueless(name, nsNames, index + 1, next, from, referrals);
            });
  }

  /** An authoritative server's delegation: no answer, NS in authority, no SOA, not AA. */
  private static boolean isReferral(Message response, String name) {
    if (response.getRcode() != Rcode.NOERROR || response.getHeader().getFlag(Flags.AA)) {
      return false;
    }
    if (!response.getSection(Section.ANSWER).isEmpty()) {
      return false;
    }
    boolean ns = false;
    for (org.xbill.DNS.Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord) {
        return false;
      }
      if (r instanceof NSRecord && DomainNames.isAtOrBelow(name, nameOf(r.getName()))) {
        ns = true;
      }
    }
    return ns;
  }

  /** Whether the response's SOA shows the server is authoritative for a name. */
  private static boolean coveredByAuthority(Message response, String name) {
    for (org.xbill.DNS.Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord && DomainNames.isAtOrBelow(name, nameOf(r.getName()))) {
        return true;
      }
    }
    return false;
  }

  private static long negativeTtl(Message response) {
    for (org.xbill.DNS.Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return Math.max(0, Math.min(soa.getTTL(), soa.getMinimum()));
      }
    }
    return DEFAULT_NEGATIVE_TTL;
  }

  private static @Nullable ResourceData convert(org.xbill.DNS.Record r, RecordType type) {
    return switch (type) {
      case TXT -> r instanceof TXTRecord t ? TxtData.ofOctets(t.getStringsAsByteArrays()) : null;
      case SPF -> r instanceof SPFRecord t ? TxtData.ofOctets(t.getStringsAsByteArrays()) : null;
      case A -> r instanceof ARecord a ? new AddressData(a.getAddress()) : null;
      case AAAA -> r instanceof AAAARecord a ? new AddressData(a.getAddress()) : null;
      case MX ->
          r instanceof MXRecord m ? new MxData(m.getPriority(), exchangeOf(m.getTarget())) : null;
      case CNAME -> r instanceof CNAMERecord c ? new NameData(nameOf(c.getTarget())) : null;
      case PTR -> r instanceof PTRRecord p ? new NameData(nameOf(p.getTarget())) : null;
      case NS -> r instanceof NSRecord n ? new NameData(nameOf(n.getTarget())) : null;
      case SOA -> null;
    };
  }

  /** An MX target; the root name is the null MX of RFC 7505, which {@link MxData} holds as "". */
  private static String exchangeOf(Name n) {
    return n.equals(Name.root) ? "" : nameOf(n);
  }

  private static String nameOf(Name n) {
    return n.toString(true).toLowerCase(Locale.ROOT);
  }

  private static String display(InetSocketAddress s) {
    return s.getAddress().getHostAddress() + ":" + s.getPort();
  }
}
