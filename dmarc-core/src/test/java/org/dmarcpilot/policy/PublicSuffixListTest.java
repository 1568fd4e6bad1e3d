// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PublicSuffixListTest {

  /** The publicsuffix.org test cases ({@code tests.txt}), read from the shared corpus. */
  static Stream<Arguments> pslCases() throws IOException {
    Path dir = Corpus.require("publicsuffix-tests");
    PublicSuffixList list = PublicSuffixList.load(dir.resolve("public_suffix_list.dat"));
    List<Arguments> cases = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("tests.txt"), StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("//")) {
        continue;
      }
      String[] parts = l.split("\\s+");
      String input = parts[0].equals("null") ? null : parts[0];
      String expected = parts[1].equals("null") ? null : parts[1];
      cases.add(Arguments.of(input, expected, list));
    }
    assertThat(cases).hasSize(78);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pslCases")
  void registrableDomain_publicSuffixOrgTests(
      String input, String expected, PublicSuffixList list) {
    if (input == null) {
      return; // the "null input" case: our API rejects null by contract
    }
    assertThat(list.registrableDomain(input).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "example.COM, example.com",
    "mail.example.co.uk, example.co.uk",
    "a.b.example.com., example.com",
    "example.example, example.example",
    "www.city.kobe.jp, city.kobe.jp",
  })
  void registrableDomain_guava(String input, String expected) {
    assertThat(PublicSuffixList.guava().registrableDomain(input)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"com", "co.uk", ".example.com", "a..b", "''"})
  void registrableDomain_guavaNone(String input) {
    assertThat(PublicSuffixList.guava().registrableDomain(input)).isEmpty();
  }

  @Test
  void organizationalDomain_suffixIsItsOwn() {
    assertThat(PublicSuffixList.guava().organizationalDomain("CO.UK.")).isEqualTo("co.uk");
    assertThat(PublicSuffixList.guava().isPublicSuffix("co.uk")).isTrue();
    assertThat(PublicSuffixList.guava().isPublicSuffix("example.co.uk")).isFalse();
  }

  @Test
  void parse_wildcardAndException() throws IOException {
    PublicSuffixList list =
        PublicSuffixList.parse(
            new StringReader("// c\n*.ck\n!www.ck\ncom\n  \nuk.com extra words\n"));
    assertThat(list.registrableDomain("a.b.test.ck")).contains("b.test.ck");
    assertThat(list.registrableDomain("www.www.ck")).contains("www.ck");
    assertThat(list.registrableDomain("test.ck")).isEmpty();
    assertThat(list.registrableDomain("x.y.uk.com")).contains("y.uk.com");
    assertThat(list.isPublicSuffix("test.ck")).isTrue();
  }
}
