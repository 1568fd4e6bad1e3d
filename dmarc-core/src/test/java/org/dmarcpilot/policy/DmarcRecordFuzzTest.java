// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.testing.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated records: {@link DmarcRecord#parse} throws nothing but its declared exception.
 */
class DmarcRecordFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "v=DMARC1; p=reject; sp=quarantine; np=none; psd=n; t=y; adkim=s; aspf=r; fo=1:d:s;"
              + " rua=mailto:a@example.com!10m, mailto:b@example.net; ruf=mailto:f@example.com",
          "v=DMARC1; p=none; pct=50; rf=afrf; ri=3600; foo=bar",
          "v=DMARC1;p=quarantine;rua=mailto:%61@example.com?subject=x",
          "v=DMARC1");

  @Test
  void parse_neverThrowsAnythingElse() {
    Mutator m = new Mutator(9989, SEEDS);
    int parsed = 0;
    for (int i = 0; i < 30_000; i++) {
      String input = m.next();
      try {
        List<RecordIssue> issues = new ArrayList<>();
        DmarcRecord r = DmarcRecord.parse(input, issues);
        r.applicability();
        r.appliedPolicy(PolicyScope.NON_EXISTENT_SUBDOMAIN);
        r.legacyPercent();
        r.aggregateReportUris().forEach(ReportUri::host);
        parsed++;
      } catch (RecordSyntaxException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        fail("DmarcRecord.parse threw " + e + " for input: " + escape(input), e);
      }
    }
    assertThat(parsed).as("mutations that still parse").isGreaterThan(1000);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
