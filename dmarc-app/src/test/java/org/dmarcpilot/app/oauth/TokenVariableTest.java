// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TokenVariable}: the token of an environment variable, checked, never shown. */
class TokenVariableTest {
  private static final String TOKEN = "ya29.a0AfB_byC-token_value";

  @Test
  void fetch_setVariable_givesItsValueStripped() throws Exception {
    TokenVariable v = new TokenVariable("IMAP_TOKEN", Map.of("IMAP_TOKEN", " " + TOKEN + "\n"));

    assertThat(v.fetch()).isEqualTo(TOKEN);
    assertThat(v.toString()).isEqualTo(v.describe()).isEqualTo("environment variable IMAP_TOKEN");
  }

  @Test
  void fetch_unsetVariable_saysSo() {
    TokenVariable v = new TokenVariable("IMAP_TOKEN", Map.of("OTHER", TOKEN));

    assertThatThrownBy(v::fetch)
        .isInstanceOf(TokenException.class)
        .hasMessage("environment variable IMAP_TOKEN is not set");
  }

  @Test
  void fetch_valueNotAToken_refusedWithoutShowingIt() {
    TokenVariable v = new TokenVariable("IMAP_TOKEN", Map.of("IMAP_TOKEN", "Bearer " + TOKEN));

    assertThatThrownBy(v::fetch)
        .isInstanceOf(TokenException.class)
        .hasMessageStartingWith("environment variable IMAP_TOKEN gave something that is not")
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void constructor_badName_refused() {
    assertThatThrownBy(() -> new TokenVariable("A=B", Map.of()))
        .hasMessage("not the name of an environment variable: 'A=B'");
    assertThatThrownBy(() -> new TokenVariable("", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equals_byName() {
    assertThat(new TokenVariable("T", Map.of("T", "a")))
        .isEqualTo(new TokenVariable("T", Map.of()))
        .isNotEqualTo(new TokenVariable("U", Map.of()));
  }
}
