// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
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

  private static DnsAnswer<ResourceData> txt(String name, long ttl) {
    return DnsAnswer.ok(name, RecordType.TXT, List.of(TxtData.of("x")), List.of(), ttl);
  }

  @Test
  void get_honoursTtl() {
    MutableClock clock = new MutableClock();
    AnswerCache cache = new AnswerCache(10, Duration.ofDays(1), clock);
    cache.put(txt("a.example", 60));
    assertThat(cache.get("a.example", RecordType.TXT)).isNotNull();
    assertThat(cache.get("a.example", RecordType.A)).isNull();
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.get("a.example", RecordType.TXT)).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("a.example", RecordType.TXT)).isNull();
  }

  @Test
  void put_capsTtlAndSkipsZeroAndTempfail() {
    MutableClock clock = new MutableClock();
    AnswerCache cache = new AnswerCache(10, Duration.ofSeconds(30), clock);
    cache.put(txt("a.example", 86400));
    cache.put(txt("b.example", 0));
    cache.put(DnsAnswer.tempfail("c.example", RecordType.TXT, "timeout"));
    assertThat(cache.size()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.get("a.example", RecordType.TXT)).isNull();
  }

  @Test
  void put_negativeAnswersAreCached() {
    AnswerCache cache = new AnswerCache(10, Duration.ofDays(1), new MutableClock());
    cache.put(DnsAnswer.empty("n.example", RecordType.TXT, DnsStatus.NXDOMAIN, List.of(), 60));
    assertThat(cache.get("n.example", RecordType.TXT).status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void put_boundedLeastRecentlyUsedGoesFirst() {
    AnswerCache cache = new AnswerCache(2, Duration.ofDays(1), new MutableClock());
    cache.put(txt("a.example", 60));
    cache.put(txt("b.example", 60));
    cache.get("a.example", RecordType.TXT);
    cache.put(txt("c.example", 60));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b.example", RecordType.TXT)).isNull();
    assertThat(cache.get("a.example", RecordType.TXT)).isNotNull();
  }

  @Test
  void zeroCapacity_disabled() {
    AnswerCache cache = new AnswerCache(0, Duration.ofDays(1), new MutableClock());
    cache.put(txt("a.example", 60));
    assertThat(cache.get("a.example", RecordType.TXT)).isNull();
  }
}
