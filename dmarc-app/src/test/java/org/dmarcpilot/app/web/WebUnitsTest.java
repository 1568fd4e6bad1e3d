// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dmarcpilot.app.web.page.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Small pure pieces of the web tier. */
class WebUnitsTest {
  @Test
  void csp_allowsNoInlineCodeAndNoFraming() {
    assertThat(SecurityHeaders.CSP)
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
  }

  @Test
  void sparkline_scalesToTheBox() {
    assertThat(Format.sparkline(List.of(0L, 10L, 5L), 100, 20))
        .isEqualTo("0.0,19.0 50.0,1.0 100.0,10.0");
    assertThat(Format.sparkline(List.of(), 100, 20)).isEmpty();
    assertThat(Format.sparkline(List.of(0L, 0L), 100, 20)).isEqualTo("0.0,19.0 100.0,19.0");
  }

  @ParameterizedTest(name = "{0} of {1} -> {2}")
  @CsvSource({"0, 0, '\u2013'", "1, 3, 33.3%", "98, 100, 98.0%", "1234567, 1234567, 100.0%"})
  void percent_oneDecimal(long part, long whole, String expected) {
    assertThat(Format.percent(part, whole)).isEqualTo(expected);
  }

  @Test
  void period_shortWithinADay() {
    assertThat(
            Format.period(
                java.time.Instant.parse("2026-03-11T00:00:00Z"),
                java.time.Instant.parse("2026-03-11T23:59:59Z")))
        .isEqualTo("2026-03-11 00:00\u201323:59");
    assertThat(
            Format.period(
                java.time.Instant.parse("2026-03-11T00:00:00Z"),
                java.time.Instant.parse("2026-03-12T06:00:00Z")))
        .isEqualTo("2026-03-11 00:00 \u2013 2026-03-12 06:00");
  }

  @Test
  void count_hasThousandsSeparators() {
    assertThat(Format.count(10_000_000)).isEqualTo("10,000,000");
  }
}
