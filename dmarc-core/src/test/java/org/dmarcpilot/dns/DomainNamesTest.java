// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNamesTest {

  @ParameterizedTest
  @CsvSource({
    "Example.COM., example.com",
    "bücher.example, xn--bcher-kva.example",
    "İ.example, xn--i-9bb.example",
  })
  void normalize(String in, String out) {
    assertThat(DomainNames.normalize(in)).isEqualTo(out);
  }

  @Test
  void normalizeLenient_stripsDots() {
    assertThat(DomainNames.normalizeLenient("....mac.com....")).isEqualTo("mac.com");
    assertThat(DomainNames.normalizeLenient("mac...com")).isEqualTo("mac...com");
  }

  @Test
  void labelsAndParents() {
    assertThat(DomainNames.labelCount("a.b.example.com")).isEqualTo(4);
    assertThat(DomainNames.labelCount("")).isZero();
    assertThat(DomainNames.parent("a.b.example.com")).isEqualTo("b.example.com");
    assertThat(DomainNames.parent("com")).isEmpty();
    assertThat(DomainNames.lastLabels("a.b.example.com", 2)).isEqualTo("example.com");
    assertThat(DomainNames.lastLabels("com", 3)).isEqualTo("com");
    assertThat(DomainNames.isAtOrBelow("a.example.com", "example.com")).isTrue();
    assertThat(DomainNames.isAtOrBelow("aexample.com", "example.com")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.com", "_dmarc.example.com", "a-b.c", "x", "1.2.3.4.in-addr.arpa"})
  void isValid_true(String name) {
    assertThat(DomainNames.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a..b", "-a.com", "a-.com", "a b.com", "a@b.com", "é.com"})
  void isValid_false(String name) {
    assertThat(DomainNames.isValid(name)).isFalse();
  }

  @Test
  void isValid_lengthLimits() {
    String label63 = "a".repeat(63);
    assertThat(DomainNames.isValid(label63 + ".com")).isTrue();
    assertThat(DomainNames.isValid(label63 + "a.com")).isFalse();
    String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
    assertThat(name253).hasSize(253);
    assertThat(DomainNames.isValid(name253)).isTrue();
    assertThat(DomainNames.isValid(name253 + "a")).isFalse();
  }

  @Test
  void isDnsName() {
    assertThat(DomainNames.isDnsName("*.-odd_.example")).isTrue();
    assertThat(DomainNames.isDnsName("a b.example")).isFalse();
    assertThat(DomainNames.isDnsName("a..example")).isFalse();
    assertThat(DomainNames.isDnsName("x".repeat(64) + ".example")).isFalse();
    assertThat(DomainNames.isDnsName("caf\u00e9.example")).isFalse();
  }

  @Test
  void isHostname_rejectsUnderscoreAndNumericTld() {
    assertThat(DomainNames.isHostname("mail.example.com")).isTrue();
    assertThat(DomainNames.isHostname("_dmarc.example.com")).isFalse();
    assertThat(DomainNames.isHostname("1.2.3.4")).isFalse();
  }

  @Test
  void reverseName() throws Exception {
    assertThat(DomainNames.reverseName(InetAddress.getByName("192.0.2.1")))
        .isEqualTo("1.2.0.192.in-addr.arpa");
    assertThat(DomainNames.reverseName(InetAddress.getByName("2001:db8::1")))
        .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
  }
}
