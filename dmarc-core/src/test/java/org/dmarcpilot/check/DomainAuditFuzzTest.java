// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.ZoneSyntaxException;
import org.dmarcpilot.testing.Mutator;
import org.junit.jupiter.api.Test;

/** Mutated zones: the audit never throws, whatever the DNS holds. */
class DomainAuditFuzzTest {

  @Test
  void audit_mutatedZones_neverThrows() {
    Mutator m = new Mutator(2026, List.of(AuditZones.CLEAN));
    int audited = 0;
    for (int i = 0; i < 800; i++) {
      String zone = m.next();
      InMemoryDnsResolver dns;
      try {
        dns = InMemoryDnsResolver.parse(zone);
      } catch (ZoneSyntaxException expected) {
        continue;
      }
      try {
        AuditReport r = new DomainAudit(dns, AuditOptions.defaults()).audit("example.com");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.title()).isNotBlank());
        audited++;
      } catch (RuntimeException | StackOverflowError e) {
        fail("audit threw " + e + " for zone:\n" + zone, e);
      }
    }
    assertThat(audited).isGreaterThan(150);
  }
}
