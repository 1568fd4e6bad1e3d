// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.PublishedRecord;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.AuditSection;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.check.Finding;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live record check of a domain: the DMARC record published now ({@link PublishedRecords}, the
 * same answers the advisor starts from), the audit's findings for the domain, DMARC, SPF and DKIM
 * (with the selectors the reports show), and the advisor's next record beside the published one.
 *
 * <p>Results are kept {@link #FRESH} ({@link #FAILED_FRESH} when DNS failed), for at most {@value
 * #MAX_DOMAINS} domains; {@link #recheck} looks up anew. A check runs on its own threads and is
 * given up after the timeout, so a request never waits longer than that. Thread-safe.
 */
public final class LiveRecordCheck implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRecordCheck.class);

  /** How long a result is kept: 5 minutes. */
  public static final Duration FRESH = Duration.ofMinutes(5);

  /** How long an incomplete result is kept: 30 seconds. */
  public static final Duration FAILED_FRESH = Duration.ofSeconds(30);

  /** How long a check may take by default: 20 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** Domains kept at most. */
  public static final int MAX_DOMAINS = 256;

  /** The sections the panel shows. */
  static final List<AuditSection> SHOWN =
      List.of(AuditSection.DOMAIN, AuditSection.DMARC, AuditSection.SPF, AuditSection.DKIM);

  private final PublishedRecords published;
  private final DomainAudit audit;
  private final Function<String, List<String>> selectors;
  private final Function<String, DomainAdvice> advice;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, LiveRecord> kept =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveRecord> eldest) {
          return size() > MAX_DOMAINS;
        }
      };
  private final ThreadPoolExecutor executor;

  /**
   * A check.
   *
   * @param published the published DMARC records (shared with the advisor)
   * @param audit the check engine on the server's resolver
   * @param selectors the DKIM selectors a domain's reports show
   * @param advice the advisor's answer for a domain
   * @param clock the time source
   * @param timeout how long one check may take
   */
  public LiveRecordCheck(
      PublishedRecords published,
      DomainAudit audit,
      Function<String, List<String>> selectors,
      Function<String, DomainAdvice> advice,
      Clock clock,
      Duration timeout) {
    this.published = Objects.requireNonNull(published, "published");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.selectors = Objects.requireNonNull(selectors, "selectors");
    this.advice = Objects.requireNonNull(advice, "advice");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.executor =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "dmarcpilot-live-check");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /** The kept result when it is fresh, else a new check. */
  public LiveRecord check(String domain) {
    LiveRecord r = cached(domain).orElse(null);
    if (r != null && fresh(r)) {
      return r;
    }
    return recheck(domain);
  }

  /** A new check; the DMARC record is looked up anew too. */
  public LiveRecord recheck(String domain) {
    Future<LiveRecord> f;
    try {
      f = executor.submit(() -> run(domain));
    } catch (RejectedExecutionException e) {
      return failed(domain, "too many checks are running; try again in a moment");
    }
    LiveRecord r;
    try {
      r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      r =
          failed(
              domain, "the DNS lookups did not finish within " + PublishedRecords.human(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(domain, "interrupted");
    } catch (ExecutionException e) {
      LOG.warn("live check of {} failed: {}", domain, e.getCause().toString());
      r = failed(domain, "the check failed: " + e.getCause().getClass().getSimpleName());
    }
    synchronized (kept) {
      kept.put(domain, r);
    }
    return r;
  }

  /** The kept result, fresh or not; never checks. */
  public Optional<LiveRecord> cached(String domain) {
    synchronized (kept) {
      return Optional.ofNullable(kept.get(domain));
    }
  }

  private boolean fresh(LiveRecord r) {
    Duration keep = r.incomplete() ? FAILED_FRESH : FRESH;
    return r.checkedAt().plus(keep).isAfter(clock.instant());
  }

  private LiveRecord run(String domain) {
    PublishedRecord dmarc = published.refresh(domain);
    List<String> seen = seenSelectors(domain);
    AuditOptions options = audit.options().withReverseDns(false);
    if (!seen.isEmpty()) {
      options = options.withSelectors(seen).withCommonSelectors(false);
    }
    AuditReport report = audit.withOptions(options).audit(domain);
    List<LiveRecord.Section> sections = new ArrayList<>();
    for (AuditSection s : SHOWN) {
      List<Finding> f = new ArrayList<>(report.findings(s));
      f.sort((a, b) -> a.severity().compareTo(b.severity()));
      List<String> records = report.records().getOrDefault(s, List.of());
      if (s != AuditSection.DOMAIN || !f.isEmpty()) {
        sections.add(new LiveRecord.Section(s, s.title(), records, f));
      }
    }
    Advice a = adviceOf(domain);
    String next = a == null ? null : a.nextRecord();
    return new LiveRecord(
        domain,
        dmarc,
        sections,
        seen,
        report.dnsFailures(),
        a == null ? null : a.nextStage(),
        next,
        next == null ? List.of() : TagDiff.of(dmarc.text(), next),
        null,
        clock.instant());
  }

  private List<String> seenSelectors(String domain) {
    try {
      return selectors.apply(domain);
    } catch (RuntimeException e) {
      LOG.warn("DKIM selectors of {} not read: {}", domain, e.toString());
      return List.of();
    }
  }

  private @Nullable Advice adviceOf(String domain) {
    try {
      return advice.apply(domain).advice();
    } catch (RuntimeException e) {
      LOG.warn("no advice for {}: {}", domain, e.toString());
      return null;
    }
  }

  private LiveRecord failed(String domain, String why) {
    Instant now = clock.instant();
    PublishedRecord dmarc =
        published
            .cached(domain)
            .orElse(
                new PublishedRecord(
                    domain,
                    PublishedRecord.Status.FAILED,
                    org.dmarcpilot.dns.DnsStatus.TEMPFAIL,
                    List.of(),
                    why,
                    now));
    return new LiveRecord(
        domain, dmarc, List.of(), List.of(), List.of(), null, null, List.of(), why, now);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
