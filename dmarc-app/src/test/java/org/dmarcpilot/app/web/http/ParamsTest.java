// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.BadRequestResponse;
import org.junit.jupiter.api.Test;

/** Domain names from URLs are read in the form reports are stored under. */
class ParamsTest {
  @Test
  void domainName_unicodeAndTrailingDot_readAsStored() {
    assertThat(Params.domainName("domain", " B\u00fccher.Example. "))
        .isEqualTo("xn--bcher-kva.example");
    assertThat(Params.domainName("domain", "Example.COM")).isEqualTo("example.com");
  }

  @Test
  void domainName_notADomain_is400NamingTheParameter() {
    assertThatThrownBy(() -> Params.domainName("domain", "x\"><script>.example"))
        .isInstanceOf(BadRequestResponse.class)
        .hasMessageContaining("parameter 'domain' must be a domain name");
    assertThatThrownBy(() -> Params.domainName("domain", "a..example"))
        .isInstanceOf(BadRequestResponse.class);
  }
}
