// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.dmarcpilot.testing.Mutator;
import org.junit.jupiter.api.Test;

/** Random and mutated zone text: only {@link ZoneSyntaxException}; answers never throw. */
class ZoneParserFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          """
          $ORIGIN example.com.
          $TTL 1h
          @     IN  TXT  "v=spf1 " "-all"   ; comment
          mail  300 IN A 192.0.2.1
          alias CNAME mail
          *.w   TXT ( "a"
                      "b\\065\\"" )
          @     MX  10 mail
          x     TIMEOUT
          """,
          "a.example. AAAA 2001:db8::1\n# comment\nb.example. PTR a.example.\n");

  @Test
  void parse_neverThrowsAnythingElse() {
    Mutator m = new Mutator(1035, SEEDS);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      String input = m.next();
      try {
        InMemoryDnsResolver dns = InMemoryDnsResolver.parse(input);
        for (RecordType t : RecordType.values()) {
          dns.query("alias.example.com", t);
          dns.query("q.w.example.com", t);
        }
        parsed++;
      } catch (ZoneSyntaxException expected) {
        assertThat(expected.getMessage()).startsWith("line ");
      } catch (RuntimeException | StackOverflowError e) {
        fail("zone parser threw " + e + " for: " + input, e);
      }
    }
    assertThat(parsed).isGreaterThan(500);
  }
}
