// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void retryAfter_fiveFailuresForOneAddress_blocksUntilTheWindowPasses() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(5, Duration.ofMinutes(15), clock);
    for (int i = 0; i < 4; i++) {
      t.failed("10.0.0.1", "user" + i);
      assertThat(t.retryAfter("10.0.0.1", "other")).isZero();
    }
    t.failed("10.0.0.1", "user4");
    assertThat(t.retryAfter("10.0.0.1", "other")).isPositive();
    assertThat(t.retryAfter("10.0.0.2", "other")).isZero();
    clock.now = clock.now.plus(Duration.ofMinutes(15));
    assertThat(t.retryAfter("10.0.0.1", "other")).isZero();
  }

  @Test
  void retryAfter_fiveFailuresForOneUser_blocksThatUserFromEveryAddress() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(5, Duration.ofMinutes(15), clock);
    for (int i = 0; i < 5; i++) {
      t.failed("10.0.0." + i, "admin");
    }
    assertThat(t.retryAfter("10.9.9.9", "admin")).isPositive();
    assertThat(t.retryAfter("10.9.9.9", "bob")).isZero();
  }

  /**
   * With one limit for both, five bad guesses from anywhere locked the admin out of every address
   * for 15 minutes: anyone could shut the owner out. The standard limits stop one address first.
   */
  @Test
  void standard_oneAddressCannotLockAUserOut_manyAddressesSlowThemDown() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = LoginThrottle.standard(clock);
    for (int i = 0; i < LoginThrottle.DEFAULT_MAX_FAILURES; i++) {
      t.failed("203.0.113.66", "admin");
    }
    assertThat(t.retryAfter("203.0.113.66", "admin")).isPositive();
    assertThat(t.retryAfter("192.0.2.10", "admin")).isZero();

    for (int a = 1;
        a < LoginThrottle.DEFAULT_MAX_USER_FAILURES / LoginThrottle.DEFAULT_MAX_FAILURES;
        a++) {
      for (int i = 0; i < LoginThrottle.DEFAULT_MAX_FAILURES; i++) {
        t.failed("203.0.113." + a, "admin");
      }
    }
    assertThat(t.retryAfter("192.0.2.10", "admin")).isPositive();
    assertThat(t.retryAfter("192.0.2.10", "bob")).isZero();
  }

  @Test
  void succeeded_clearsTheUsersFailures() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(2, Duration.ofMinutes(15), clock);
    t.failed("a", "admin");
    t.succeeded("admin");
    t.failed("b", "admin");
    assertThat(t.retryAfter("c", "admin")).isZero();
  }

  @Test
  void failed_manyKeys_staysBounded() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(5, Duration.ofMinutes(15), clock);
    for (int i = 0; i < LoginThrottle.MAX_KEYS; i++) {
      t.failed("ip" + i, "u" + i);
    }
    // no OutOfMemory, and the newest keys are still tracked
    for (int i = 0; i < 4; i++) {
      t.failed("last", "x");
    }
    t.failed("last", "x");
    assertThat(t.retryAfter("last", "y")).isPositive();
  }
}
