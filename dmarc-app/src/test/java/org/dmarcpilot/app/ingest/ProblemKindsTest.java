// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemKindsTest {

  @Test
  void kind_dropsWhatDiffersFromInputToInput() {
    assertThat(
            ProblemKinds.kind(
                "not a report: neither XML, gzip, zip nor an e-mail message; it begins with"
                    + " \"junk 17\\n\""))
        .isEqualTo("not a report: neither XML, gzip, zip nor an e-mail message");
    assertThat(ProblemKinds.kind("zip member \"a.txt\" is not XML (it begins with \"x\")"))
        .isEqualTo("zip member \"\u2026\" is not XML");
    assertThat(
            ProblemKinds.kind(
                "not an aggregate report: the root element is <xs:schema>, not <feedback>"))
        .isEqualTo("not an aggregate report: the root element is <\u2026>, not <feedback>");
    assertThat(
            ProblemKinds.kind(
                "no aggregate report found in the e-mail message (its parts: text/plain (part"
                    + " 1), message/feedback-report (part 2)); it looks like a failure report"))
        .isEqualTo(
            "no aggregate report found in the e-mail message; it looks like a failure report");
    assertThat(ProblemKinds.kind("x (its parts: text/plain (part 1")).isEqualTo("x");
    assertThat(ProblemKinds.kind(": gzip: unexpected end of stream"))
        .isEqualTo("gzip: unexpected end of stream");
    assertThat(ProblemKinds.kind("  ")).isEqualTo("rejected (no reason given)");
    assertThat(ProblemKinds.kind("e".repeat(1_000))).hasSize(ProblemKinds.MAX_LENGTH + 1);
  }

  @Test
  void add_countsByKind() {
    ProblemKinds k = new ProblemKinds();
    k.add("empty input (0 bytes)");
    k.add("not a report: neither XML; it begins with \"a\"");
    k.add("not a report: neither XML; it begins with \"b\"");

    assertThat(k.counts())
        .containsExactly(
            java.util.Map.entry("empty input (0 bytes)", 1L),
            java.util.Map.entry("not a report: neither XML", 2L));
  }

  @Test
  void add_pastTheBound_countsTheRestAsOther() {
    // hostile input: every file a problem of its own kind; the table stays bounded
    ProblemKinds k = new ProblemKinds();
    for (int i = 0; i < 10_000; i++) {
      k.add("unknown problem number " + i);
    }
    k.add("unknown problem number 3"); // a kind already kept still counts as itself

    assertThat(k.counts()).hasSize(ProblemKinds.MAX_KINDS + 1);
    assertThat(k.counts().get("unknown problem number 3")).isEqualTo(2L);
    assertThat(k.counts().get(ProblemKinds.OTHER)).isEqualTo(10_000L - ProblemKinds.MAX_KINDS);
  }
}
