// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtaStsPolicyTest {

  @Test
  void parse_valid() throws Exception {
    List<RecordIssue> issues = new ArrayList<>();
    MtaStsPolicy p =
        MtaStsPolicy.parse(
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                + "max_age: 604800\r\n",
            issues);
    assertThat(p.mode()).isEqualTo("enforce");
    assertThat(p.mx()).containsExactly("mail.example.com", "*.example.net");
    assertThat(p.maxAgeSeconds()).isEqualTo(604800);
    assertThat(issues).isEmpty();
    assertThat(p.covers("MAIL.example.com.")).isTrue();
    assertThat(p.covers("mx1.example.net")).isTrue();
    assertThat(p.covers("a.mx1.example.net")).isFalse();
    assertThat(p.covers("example.net")).isFalse();
  }

  @Test
  void parse_noneModeNeedsNoMx() throws Exception {
    assertThat(
            MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 0\n", new ArrayList<>())
                .mode())
        .isEqualTo("none");
  }

  @Test
  void parse_unexpectedAndDuplicateKeys_issues() throws Exception {
    List<RecordIssue> issues = new ArrayList<>();
    MtaStsPolicy.parse(
        "version: STSv1\nmode: testing\nmode: enforce\nmx: a.example\nmax_age: 1\nfoo: bar\n",
        issues);
    assertThat(issues)
        .extracting(RecordIssue::message)
        .containsExactly("duplicate key mode; the first is used", "unexpected key foo; ignored");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "version: STSv1;mode: enforce;mx: a.example;max_age: 1;just text| not a key: value pair",
        "version: STSv2;mode: enforce;mx: a.example;max_age: 1| version must be STSv1",
        "version: STSv1;mode: strict;mx: a.example;max_age: 1| mode must be enforce, testing or none",
        "version: STSv1;mode: enforce;mx: a.example;max_age: 31557601| max_age must be",
        "version: STSv1;mode: enforce;mx: a.example;max_age: -1| max_age must be",
        "version: STSv1;mode: enforce;mx: bad host!;max_age: 1| invalid mx pattern",
        "version: STSv1;mode: enforce;mx: a.example| missing required key max_age",
        "mode: enforce;mx: a.example;max_age: 1| missing required key version",
        "version: STSv1;mode: testing;max_age: 1| testing mode requires at least one mx value",
      })
  void parse_invalid(String lines, String problem) {
    assertThatThrownBy(() -> MtaStsPolicy.parse(lines.replace(";", "\n"), new ArrayList<>()))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void parse_tooLarge() {
    assertThatThrownBy(
            () -> MtaStsPolicy.parse("x".repeat(MtaStsPolicy.MAX_BYTES + 1), new ArrayList<>()))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining("larger than");
  }
}
