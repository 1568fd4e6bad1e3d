// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.policy.ExternalReportAuthorization.Status;
import org.junit.jupiter.api.Test;

class ExternalReportAuthorizationTest {
  /** The tree walk cannot finish: the TLD's server fails for _dmarc.test. */
  private static final String TLD_FAILS =
      """
      _dmarc.example.test.  TXT "v=DMARC1; p=reject; rua=mailto:d@example.test"
      _dmarc.test.          TIMEOUT
      reports.example.net.  MX  10 mx.example.net.
      """;

  private static ExternalReportAuthorization auth(String zone) {
    InMemoryDnsResolver dns = InMemoryDnsResolver.fromZone(zone);
    return new ExternalReportAuthorization(dns, OrgDomainDiscovery.treeWalk(dns));
  }

  @Test
  void check_sameHost_notNeededEvenWhenTheTreeWalkFails() {
    assertThat(auth(TLD_FAILS).check("example.test", "example.test").status())
        .isEqualTo(Status.NOT_NEEDED);
  }

  @Test
  void check_organisationUnknown_tempfailNotUnauthorised() {
    ExternalReportAuthorization.Outcome o =
        auth(TLD_FAILS).check("example.test", "reports.example.net");
    assertThat(o.status()).isEqualTo(Status.TEMPFAIL);
    assertThat(o.queryName()).isEqualTo("example.test._report._dmarc.reports.example.net");
  }

  @Test
  void check_organisationUnknownButAuthorised_authorised() {
    String zone = TLD_FAILS + "*._report._dmarc.reports.example.net. TXT \"v=DMARC1\"\n";
    assertThat(auth(zone).check("example.test", "reports.example.net").status())
        .isEqualTo(Status.AUTHORIZED);
  }

  @Test
  void check_externalWithoutRecord_notAuthorised() {
    String zone = TLD_FAILS.replace("_dmarc.test.          TIMEOUT\n", "");
    assertThat(auth(zone).check("example.test", "reports.example.net").status())
        .isEqualTo(Status.NOT_AUTHORIZED);
  }
}
