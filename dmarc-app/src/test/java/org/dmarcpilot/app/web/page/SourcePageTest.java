// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.BadRequestResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourcePageTest {
  /**
   * The address a Source page looks up is written as the store writes it (RFC 5952 for IPv6), so an
   * address linked or typed in another spelling finds its records.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.10, 192.0.2.10",
    "2001:db8::7, 2001:db8::7",
    "2001:db8:0:0:0:0:0:7, 2001:db8::7",
    "2001:DB8:0000::0007, 2001:db8::7",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "::ffff:192.0.2.1, 192.0.2.1",
  })
  void address_isTheStoredForm(String text, String stored) {
    assertThat(SourcePage.address(text)).isEqualTo(stored);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com", "1.2.3", "192.0.2.1%eth0", "fe80::1%1", "::g"})
  void address_refusesAnythingElse(String text) {
    assertThatThrownBy(() -> SourcePage.address(text))
        .isInstanceOf(BadRequestResponse.class)
        .hasMessageContaining("must be an IP address");
  }
}
