// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.TxtData;
import org.jspecify.annotations.Nullable;

/**
 * The DMARC records domains publish now, looked up in DNS and kept for a few minutes, so that the
 * advisor starts from the record in DNS rather than from the policy the latest report repeats.
 *
 * <p>{@link #text(String)} never waits for DNS: it answers from what is kept and starts a lookup in
 * the background when nothing is kept or it is stale, so that pages that show advice never wait for
 * a slow DNS server. {@link #current(String)} and {@link #refresh(String)} wait, up to the timeout,
 * for the live check. At most {@value #MAX_DOMAINS} domains are kept (least recently used dropped);
 * found and absent records are kept {@link #FRESH}, failures {@link #FAILED_FRESH}. Thread-safe;
 * close it to stop the lookup threads.
 *
 * <pre>{@code
 * PublishedRecord r = PublishedRecords.lookup(dns, "example.com", Instant.now());   // the CLI
 * try (PublishedRecords records = new PublishedRecords(dns, Clock.systemUTC(), Duration.ofSeconds(10))) {
 *   records.text("example.com");      // null now; the record text once the lookup is done
 * }
 * }</pre>
 */
public final class PublishedRecords implements AutoCloseable {
  /** How long a found or absent record is kept: 5 minutes. */
  public static final Duration FRESH = Duration.ofMinutes(5);

  /** How long a failed lookup is kept before the next is started: 30 seconds. */
  public static final Duration FAILED_FRESH = Duration.ofSeconds(30);

  /** How long the live check waits for a lookup by default: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Domains kept at most. */
  public static final int MAX_DOMAINS = 4096;

  /** Lookups running at once. */
  static final int THREADS = 4;

  /** Lookups waiting at most; more are answered as failed at once. */
  static final int QUEUE = 1024;

  private final DnsResolver dns;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, PublishedRecord> kept =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublishedRecord> eldest) {
          return size() > MAX_DOMAINS;
        }
      };
  private final Map<String, CompletableFuture<PublishedRecord>> running = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor executor;

  /**
   * A cache over a resolver.
   *
   * @param dns the resolver (with its own per-query timeouts)
   * @param clock the time source
   * @param timeout how long {@link #current} and {@link #refresh} wait for an answer
   */
  public PublishedRecords(DnsResolver dns, Clock clock, Duration timeout) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "dmarcpilot-published-records");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Looks up the DMARC record at {@code _dmarc.<domain>} now (waits for DNS).
   *
   * @param dns the resolver
   * @param domain the domain, any case
   * @param now the time to stamp the answer with
   */
  public static PublishedRecord lookup(DnsResolver dns, String domain, Instant now) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    DnsAnswer<TxtData> answer = dns.txt("_dmarc." + d);
    if (answer.status() == DnsStatus.TEMPFAIL) {
      return new PublishedRecord(
          d, PublishedRecord.Status.FAILED, answer.status(), List.of(), answer.detail(), now);
    }
    List<String> records =
        answer.values().stream()
            .map(TxtData::text)
            .filter(PublishedRecords::isDmarc)
            .limit(16)
            .toList();
    PublishedRecord.Status status =
        switch (records.size()) {
          case 0 -> PublishedRecord.Status.NONE;
          case 1 -> PublishedRecord.Status.FOUND;
          default -> PublishedRecord.Status.SEVERAL;
        };
    return new PublishedRecord(d, status, answer.status(), records, "", now);
  }

  /** Whether a TXT string is a DMARC record: it starts with {@code v=DMARC1} and a separator. */
  static boolean isDmarc(String txt) {
    String t = txt.stripLeading();
    if (!t.regionMatches(true, 0, "v", 0, 1)) {
      return false;
    }
    int i = 1;
    while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
      i++;
    }
    if (i >= t.length() || t.charAt(i) != '=') {
      return false;
    }
    String rest = t.substring(i + 1).stripLeading();
    return rest.startsWith("DMARC1")
        && (rest.length() == 6 || rest.charAt(6) == ';' || Character.isWhitespace(rest.charAt(6)));
  }

  /**
   * The record text of a domain if a lookup found exactly one; null when none is kept yet, none is
   * published or the lookup failed. Never waits: when nothing is kept or it is stale, a lookup
   * starts in the background and a later call sees its answer. This is the advisor's {@code
   * currentRecord} function.
   */
  public @Nullable String text(String domain) {
    String d = normal(domain);
    PublishedRecord r = kept(d);
    if (r == null || stale(r)) {
      start(d);
    }
    return r == null ? null : r.text();
  }

  /** What is kept for a domain, stale or not; never looks anything up. */
  public Optional<PublishedRecord> cached(String domain) {
    return Optional.ofNullable(kept(normal(domain)));
  }

  /** The kept answer when it is fresh, else a new lookup, waited for up to the timeout. */
  public PublishedRecord current(String domain) {
    String d = normal(domain);
    PublishedRecord r = kept(d);
    return r != null && !stale(r) ? r : await(d, start(d));
  }

  /** A new lookup (or the one running), waited for up to the timeout. */
  public PublishedRecord refresh(String domain) {
    String d = normal(domain);
    return await(d, start(d));
  }

  private PublishedRecord await(String domain, CompletableFuture<PublishedRecord> f) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return failed(domain, "no answer within " + human(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(domain, "interrupted");
    } catch (ExecutionException e) {
      return failed(domain, String.valueOf(e.getCause()));
    }
  }

  private CompletableFuture<PublishedRecord> start(String domain) {
    CompletableFuture<PublishedRecord> mine = new CompletableFuture<>();
    CompletableFuture<PublishedRecord> other = running.putIfAbsent(domain, mine);
    if (other != null) {
      return other;
    }
    try {
      executor.execute(
          () -> {
            PublishedRecord r;
            try {
              r = lookup(dns, domain, clock.instant());
            } catch (RuntimeException e) {
              r = failed(domain, e.toString());
            }
            synchronized (kept) {
              kept.put(domain, r);
            }
            running.remove(domain, mine);
            mine.complete(r);
          });
    } catch (RejectedExecutionException e) {
      running.remove(domain, mine);
      mine.complete(failed(domain, "too many lookups waiting"));
    }
    return mine;
  }

  private PublishedRecord failed(String domain, String detail) {
    return new PublishedRecord(
        domain,
        PublishedRecord.Status.FAILED,
        DnsStatus.TEMPFAIL,
        List.of(),
        detail,
        clock.instant());
  }

  private @Nullable PublishedRecord kept(String domain) {
    synchronized (kept) {
      return kept.get(domain);
    }
  }

  private boolean stale(PublishedRecord r) {
    Duration keep = r.status() == PublishedRecord.Status.FAILED ? FAILED_FRESH : FRESH;
    return !r.checkedAt().plus(keep).isAfter(clock.instant());
  }

  /** A duration for people: "10 s" or "200 ms". */
  public static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String normal(String domain) {
    String d = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
