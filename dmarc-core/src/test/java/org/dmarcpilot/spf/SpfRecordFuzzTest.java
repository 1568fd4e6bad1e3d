// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.testing.Mutator;
import org.junit.jupiter.api.Test;

/** Random and mutated records: the SPF parser and analyzer throw nothing undeclared. */
class SpfRecordFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "v=spf1 +a -mx:mail.example.com/24//64 ~ptr ?ip4:192.0.2.0/24 ip6:2001:db8::/32"
              + " include:_spf.example.net exists:%{i}._ip.%{d} redirect=_spf.example.com"
              + " exp=explain.%{d} moo.cow-far_out=man:dog/cat -all",
          "v=spf1 ip4:198.51.100.7 ip6:::ffff:1.2.3.4/128 a/24 mx//64 -all",
          "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d}.x ?all",
          "v=spf1 redirect=a.example");

  @Test
  void parse_neverThrowsAnythingElse() {
    Mutator m = new Mutator(7208, SEEDS);
    int parsed = 0;
    for (int i = 0; i < 30_000; i++) {
      String input = m.next();
      try {
        List<RecordIssue> issues = new ArrayList<>();
        SpfRecord r = SpfRecord.parse(input, issues);
        r.all();
        r.redirect();
        parsed++;
      } catch (RecordSyntaxException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        fail("SpfRecord.parse threw " + e + " for input: " + input.replace("\n", "\\n"), e);
      }
    }
    assertThat(parsed).isGreaterThan(1000);
  }

  @Test
  void analyze_mutatedTrees_neverThrow() {
    Mutator m = new Mutator(4408, SEEDS);
    for (int i = 0; i < 2_000; i++) {
      String a = m.next().replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ");
      String b = m.next().replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ");
      String zone =
          "example.com. TXT \""
              + a
              + "\"\n_spf.example.net. TXT \""
              + b
              + "\"\n"
              + "_spf.example.com. TXT \"v=spf1 include:example.com\"\n";
      InMemoryDnsResolver dns;
      try {
        dns = InMemoryDnsResolver.parse(zone);
      } catch (org.dmarcpilot.dns.ZoneSyntaxException expected) {
        continue;
      }
      try {
        new SpfAnalyzer(dns, SpfLimits.RFC7208).analyze("example.com");
      } catch (RuntimeException | StackOverflowError e) {
        fail("SpfAnalyzer threw " + e + " for zone: " + zone, e);
      }
    }
  }
}
