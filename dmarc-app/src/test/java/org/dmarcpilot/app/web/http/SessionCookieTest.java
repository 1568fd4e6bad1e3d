// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  @Test
  void header_overTls_isSecureHttpOnlySameSite() {
    assertThat(SessionCookie.header("dp_session", "abc", Duration.ofHours(12), true))
        .isEqualTo("dp_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void header_plainHttp_isNotSecure() {
    assertThat(SessionCookie.header("dp_session", "abc", Duration.ZERO, false))
        .isEqualTo("dp_session=abc; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  }
}
