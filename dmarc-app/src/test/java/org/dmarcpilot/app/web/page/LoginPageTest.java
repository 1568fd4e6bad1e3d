// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginPageTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/reports?days=7, /reports?days=7",
    "/, /",
    "//evil.example/, /",
    "/\\evil.example, /",
    "https://evil.example/, /",
    "javascript:alert(1), /",
    "/login?next=/x, /",
    "'/a b', /",
    "'', /",
  })
  void safeNext_onlyLocalPaths(String next, String expected) {
    assertThat(LoginPage.safeNext(next)).isEqualTo(expected);
  }
}
