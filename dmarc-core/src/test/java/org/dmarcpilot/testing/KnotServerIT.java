// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.dmarcpilot.dns.DnsResolverConfig;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.junit.jupiter.api.Test;

/** The fixture itself: a large reverse zone, as enrichment tests need, loads and answers. */
class KnotServerIT {

  @Test
  void tenThousandPtrRecords() throws Exception {
    StringBuilder zone = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      zone.append(i % 256)
          .append('.')
          .append(i / 256)
          .append(".0 PTR host-")
          .append(i)
          .append(".example.test.\n");
    }
    try (KnotServer knot =
        KnotServer.builder()
            .zone("100.51.198.in-addr.arpa", "")
            .zone("10.in-addr.arpa", zone.toString())
            .start()) {
      DnsjavaResolver dns =
          new DnsjavaResolver(
              DnsResolverConfig.defaults()
                  .withServers(List.of(knot.address()))
                  .withTimeout(Duration.ofMillis(500), 1),
              Clock.systemUTC());
      for (int i : new int[] {0, 1, 255, 256, 4242, 9999}) {
        InetAddress ip = InetAddress.getByName("10.0." + (i / 256) + "." + (i % 256));
        assertThat(dns.ptr(ip).values()).containsExactly("host-" + i + ".example.test");
      }
      assertThat(dns.ptr(InetAddress.getByName("10.0.200.1")).status())
          .isEqualTo(DnsStatus.NXDOMAIN);
      assertThat(knot.zones()).containsExactly("100.51.198.in-addr.arpa", "10.in-addr.arpa");
      assertThat(knot.log()).contains("loaded");
    }
  }
}
