// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.analysis.Totals;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.page.DomainPage.Subdomain;
import org.junit.jupiter.api.Test;

class DomainPageTest {
  private static Totals from(String name, long messages, long pass) {
    return new Totals(name, messages, pass, 0, 0, Map.of(), 0);
  }

  private static DomainTraffic policy(String name, long messages, long pass) {
    return new DomainTraffic(name, messages, pass, 0, 0, "none", List.of());
  }

  @Test
  void subdomains_fromDomainsAndPolicyDomainsUnderTheDomain_largestFirstWithPages() {
    List<Subdomain> subs =
        DomainPage.subdomains(
            "example.com",
            List.of(
                from("example.com", 1000, 990),
                from("news.example.com", 40, 10),
                from("Shop.Example.com", 5, 5),
                from("notexample.com", 7, 0),
                from("spoof.example", 3, 0)),
            List.of(
                policy("example.com", 1000, 990),
                policy("shop.example.com", 300, 299),
                policy("mail.example.com", 2, 2),
                policy("example.org", 50, 50)));
    assertThat(subs)
        .containsExactly(
            new Subdomain("shop.example.com", 5, 5, 300, 299, true),
            new Subdomain("news.example.com", 40, 10, 0, 0, false),
            new Subdomain("mail.example.com", 0, 0, 2, 2, true));
  }

  @Test
  void subdomains_none_empty() {
    assertThat(
            DomainPage.subdomains(
                "example.net", List.of(from("example.net", 5, 5)), List.of(policy("a.b", 1, 1))))
        .isEmpty();
  }
}
