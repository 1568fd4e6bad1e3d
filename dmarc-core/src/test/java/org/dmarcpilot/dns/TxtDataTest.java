// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TxtDataTest {

  @Test
  void ofOctets_invalidUtf8_markedAndLengthsKept() {
    TxtData t = TxtData.ofOctets(List.of(new byte[] {'a', (byte) 0x91, 'b'}, new byte[] {'c'}));
    assertThat(t.malformed()).isTrue();
    assertThat(t.octets()).containsExactly(3, 1);
    assertThat(t.totalOctets()).isEqualTo(4);
    assertThat(t.text()).isEqualTo("a\uFFFDbc");
  }

  @Test
  void presentation_quotesAndEscapes() {
    assertThat(TxtData.of("a \"b\"", "c\\d").presentation())
        .isEqualTo("\"a \\\"b\\\"\" \"c\\\\d\"");
  }
}
