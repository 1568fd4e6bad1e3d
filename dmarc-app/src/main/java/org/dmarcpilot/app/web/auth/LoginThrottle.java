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
 * Limits failed logins: after {@code maxPerAddress} failures within {@code window} from one client
 * address, or {@code maxPerUser} for one user name, further attempts for it are refused until the
 * oldest failure leaves the window. With more allowed per user than per address, one address alone
 * cannot lock a user out (it is stopped first); guessing from many addresses is still slowed down
 * per user. A successful login clears the user name's failures. The number of tracked keys is
 * bounded; past the bound the least recently used keys are dropped.
 */
public final class LoginThrottle {
  /** Failures allowed per client address within the window: {@value}. */
  public static final int DEFAULT_MAX_FAILURES = 5;

  /**
   * Failures allowed per user name within the window: {@value}, so that a lockout takes five
   * addresses at least.
   */
  public static final int DEFAULT_MAX_USER_FAILURES = 25;

  /** Keys tracked at most: {@value}. */
  static final int MAX_KEYS = 50_000;

  private final int maxPerAddress;
  private final int maxPerUser;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * A throttle allowing {@code maxFailures} failures per address and per user within {@code
   * window}.
   */
  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this(maxFailures, maxFailures, window, clock);
  }

  /** A throttle with separate limits per address and per user name within {@code window}. */
  public LoginThrottle(int maxPerAddress, int maxPerUser, Duration window, Clock clock) {
    if (maxPerAddress < 1 || maxPerUser < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: " + maxPerAddress + ", " + maxPerUser);
    }
    this.maxPerAddress = maxPerAddress;
    this.maxPerUser = maxPerUser;
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The default: 5 failures per 15 minutes per address, 25 per user name. */
  public static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(
        DEFAULT_MAX_FAILURES, DEFAULT_MAX_USER_FAILURES, Duration.ofMinutes(15), clock);
  }

  /**
   * How long the caller must wait before trying again, or {@link Duration#ZERO} when an attempt is
   * allowed now.
   */
  public synchronized Duration retryAfter(String address, String username) {
    Instant now = clock.instant();
    Duration a = wait(key("ip", address), maxPerAddress, now);
    Duration b = wait(key("user", username), maxPerUser, now);
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Records a failed attempt for both keys. */
  public synchronized void failed(String address, String username) {
    Instant now = clock.instant();
    record(key("ip", address), maxPerAddress, now);
    record(key("user", username), maxPerUser, now);
  }

  /** Clears the user name's failures after a successful login. */
  public synchronized void succeeded(String username) {
    failures.remove(key("user", username));
  }

  private static String key(String kind, String value) {
    return kind + ':' + value;
  }

  private Duration wait(String key, int maxFailures, Instant now) {
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

  private void record(String key, int maxFailures, Instant now) {
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
