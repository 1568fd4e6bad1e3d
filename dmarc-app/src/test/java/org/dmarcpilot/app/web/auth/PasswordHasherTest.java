// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(4, new SecureRandom());

  @Test
  void hash_isBcryptAndMatchesOnlyThePassword() {
    String h = hasher.hash("correct horse battery");
    assertThat(h).startsWith("$2a$04$").doesNotContain("correct");
    assertThat(hasher.matches("correct horse battery", h)).isTrue();
    assertThat(hasher.matches("correct horse batterY", h)).isFalse();
    assertThat(hasher.hash("correct horse battery")).isNotEqualTo(h); // salted
  }

  @Test
  void hash_tooShortOrTooLong_isRefused() {
    assertThatThrownBy(() -> hasher.hash("short")).hasMessageContaining("too short");
    assertThatThrownBy(() -> hasher.hash("x".repeat(73))).hasMessageContaining("too long");
    assertThatThrownBy(() -> hasher.hash("é".repeat(37))).hasMessageContaining("too long");
  }

  @Test
  void matches_overLongOrBrokenHash_isFalse() {
    String h = hasher.hash("correct horse battery");
    assertThat(hasher.matches("correct horse battery" + "x".repeat(60), h)).isFalse();
    assertThat(hasher.matches("anything at all", "not-a-hash")).isFalse();
  }
}
