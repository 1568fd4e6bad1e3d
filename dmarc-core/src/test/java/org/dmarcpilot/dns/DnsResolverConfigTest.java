// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsResolverConfigTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:5353, 127.0.0.1, 5353",
    "192.0.2.53, 192.0.2.53, 53",
    "'[::1]:5300', 0:0:0:0:0:0:0:1, 5300",
    "::1, 0:0:0:0:0:0:0:1, 53",
    "localhost:99, 127.0.0.1, 99",
  })
  void parseServer_valid(String text, String host, int port) {
    InetSocketAddress a = DnsResolverConfig.parseServer(text);
    assertThat(a.getAddress().getHostAddress()).isEqualTo(host);
    assertThat(a.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns.example.com", "1.2.3.4:0", "1.2.3.4:70000", "1.2.3.4:x", "[::1", ""})
  void parseServer_invalid(String text) {
    assertThatThrownBy(() -> DnsResolverConfig.parseServer(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
