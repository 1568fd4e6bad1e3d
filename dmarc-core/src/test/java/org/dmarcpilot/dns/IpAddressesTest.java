// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.9"})
  void parseIpv4_valid(String text) throws Exception {
    assertThat(IpAddresses.parseIpv4(text))
        .contains((java.net.Inet4Address) InetAddress.getByName(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3.4 ",
        "a.b.c.d",
        "1..2.3",
        "1.2.3.-4",
        "1.2.3.4/24",
        "1234.1.1.1"
      })
  void parseIpv4_invalid(String text) {
    assertThat(IpAddresses.parseIpv4(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "::, 0:0:0:0:0:0:0:0",
    "::1, 0:0:0:0:0:0:0:1",
    "2001:db8::, 2001:db8:0:0:0:0:0:0",
    "2001:DB8:0:0:8:800:200C:417A, 2001:db8:0:0:8:800:200c:417a",
    "2001:db8::8:800:200c:417a, 2001:db8:0:0:8:800:200c:417a",
    "::ffff:192.0.2.1, 0:0:0:0:0:ffff:c000:201",
    "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
  })
  void parseIpv6_valid(String text, String expanded) {
    Inet6Address a = IpAddresses.parseIpv6(text).orElseThrow();
    assertThat(a.getHostAddress()).isEqualTo(expanded);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "g::1",
        "1:2:3:4:5:6:7",
        "::1.2.3",
        "1:2:3:4:5:6:7:8::",
        "1:",
        ":1",
        "::ffff:1.2.3.256",
        "2001:db8::/32"
      })
  void parseIpv6_invalid(String text) {
    assertThat(IpAddresses.parseIpv6(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "localhost", "1.2.3.4.in-addr.arpa"})
  void parse_hostNamesAreNeverResolved(String text) {
    assertThat(IpAddresses.parse(text)).isEmpty();
  }
}
