// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Limits failed logins: after {@code maxFailures} failures within {@code window} for one client
 * address or one user name, further attempts for it are refused until the oldest failure leaves the
 * window. A successful login clears the user name's failures. The number of tracked keys is
 * bounded; past the bound the least recently used keys are dropped.
 */
public final class LoginThrottle {
  /** Failures allowed per key within the window: {@value}. */
  public static final int DEFAULT_MAX_FAILURES = 5;

  /** Keys tracked at most: {@value}. */
  static final int MAX_KEYS = 50_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

  /** A throttle allowing {@code maxFailures} failures per key within {@code window}. */
  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive: " + maxFailures);
    }
    this.maxFailures = maxFailures;
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The default: 5 failures per 15 minutes per address and per user name. */
  public static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(DEFAULT_MAX_FAILURES, Duration.ofMinutes(15), clock);
  }

  /**
   * How long the caller must wait before trying again, or {@link Duration#ZERO} when an attempt is
   * allowed now.
   */
  public synchronized Duration retryAfter(String address, String username) {
    Instant now = clock.instant();
    Duration a = wait(key("ip", address), now);
    Duration b = wait(key("user", username), now);
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Records a failed attempt for both keys. */
  public synchronized void failed(String address, String username) {
    Instant now = clock.instant();
    record(key("ip", address), now);
    record(key("user", username), now);
  }

  /** Clears the user name's failures after a successful login. */
  public synchronized void succeeded(String username) {
    failures.remove(key("user", username));
  }

  private static String key(String kind, String value) {
    return kind + ':' + value;
  }

  private Duration wait(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    prune(times, now);
    if (times.size() < maxFailures) {
      return Duration.ZERO;
    }
    Instant oldest = times.peekFirst();
    return Duration.between(now, oldest.plus(window)).plusSeconds(1);
  }

  private void record(String key, Instant now) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    prune(times, now);
    times.addLast(now);
    while (times.size() > maxFailures) {
      times.removeFirst();
    }
    if (failures.size() > MAX_KEYS) {
      Iterator<Map.Entry<String, Deque<Instant>>> it = failures.entrySet().iterator();
      while (failures.size() > MAX_KEYS && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant cutoff = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.removeFirst();
    }
  }
}
