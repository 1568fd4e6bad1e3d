// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordIssue.Kind;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenDMARC's record-parse table ({@code opendmarc-testfiles/transcribed-cases/
 * dmarc-record-parse.tsv}), asserted with the RFC 9989 reading. One deliberate difference: case 15
 * ({@code v=DMARC1; pct=100;}) is read as a valid record with {@code p=none}, because RFC 9989 §4.7
 * says a missing {@code p} in an otherwise valid record means none (DMARC-NOTES.md §1.1, and
 * Mail::DMARC and checkdmarc 5.16 do the same); the transcriber's note calls it "no DMARC
 * processing", which is the rule for an invalid, not a missing, {@code p}.
 */
class OpenDmarcParseCasesTest {

  private record Parsed(DmarcRecord record, List<RecordIssue> issues) {}

  /** The RFC 9989 reading of each case, by case number. */
  private static final Map<String, Consumer<Parsed>> READING =
      Map.ofEntries(
          Map.entry(
              "1",
              p -> {
                assertThat(p.record().policy()).isEqualTo(Policy.NONE);
                assertThat(kinds(p)).containsExactly(Kind.REMOVED_TAG);
                assertThat(p.record().failureReportUris()).hasSize(1);
              }),
          Map.entry("2", p -> valid(p, Policy.NONE)),
          Map.entry("3", p -> valid(p, Policy.REJECT)),
          Map.entry("4", p -> valid(p, Policy.QUARANTINE)),
          Map.entry("5", p -> notApplicable(p, "p")),
          Map.entry("8", p -> notApplicable(p, "p")),
          Map.entry("9", p -> notApplicable(p, "sp")),
          Map.entry(
              "10",
              p -> {
                assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.APPLY);
                assertThat(p.record().dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
                assertThat(kinds(p)).containsExactly(Kind.INVALID_VALUE);
              }),
          Map.entry(
              "11",
              p -> {
                assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.APPLY);
                assertThat(p.record().spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
                assertThat(kinds(p)).containsExactly(Kind.INVALID_VALUE);
              }),
          Map.entry("12", p -> removedOnly(p)),
          Map.entry("13", p -> removedOnly(p)),
          Map.entry(
              "14",
              p -> {
                assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.APPLY);
                assertThat(kinds(p)).containsExactly(Kind.REMOVED_TAG, Kind.INVALID_VALUE);
              }),
          Map.entry(
              "15",
              p -> {
                assertThat(p.record().hasTag("p")).isFalse();
                assertThat(p.record().requestedPolicy(PolicyScope.DOMAIN)).contains(Policy.NONE);
                assertThat(kinds(p)).containsExactly(Kind.REMOVED_TAG);
              }),
          Map.entry(
              "16",
              p -> {
                valid(p, Policy.NONE);
                assertThat(p.record().aggregateReportUris())
                    .extracting(ReportUri::scheme)
                    .containsExactly("ftp");
                assertThat(kinds(p)).containsExactly(Kind.UNSUPPORTED);
              }),
          Map.entry(
              "17",
              p -> {
                valid(p, Policy.NONE);
                assertThat(p.record().failureReportUris().get(0).address()).isNull();
              }),
          Map.entry(
              "18",
              p -> {
                valid(p, Policy.NONE);
                assertThat(p.issues())
                    .filteredOn(i -> i.kind() == Kind.UNKNOWN_TAG)
                    .extracting(RecordIssue::tag)
                    .containsExactly("foo", "buzz");
              }),
          Map.entry("19", p -> removedOnly(p)));

  private static List<Kind> kinds(Parsed p) {
    return p.issues().stream().map(RecordIssue::kind).toList();
  }

  private static void valid(Parsed p, Policy policy) {
    assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.APPLY);
    assertThat(p.record().requestedPolicy(PolicyScope.DOMAIN)).contains(policy);
  }

  private static void notApplicable(Parsed p, String tag) {
    assertThat(p.record().invalidPolicyTags()).containsExactly(tag);
    assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.NOT_APPLICABLE);
    assertThat(p.record().requestedPolicy(PolicyScope.DOMAIN)).isEmpty();
  }

  private static void removedOnly(Parsed p) {
    assertThat(p.record().applicability()).isEqualTo(PolicyApplicability.APPLY);
    assertThat(kinds(p)).containsExactly(Kind.REMOVED_TAG);
  }

  static Stream<Arguments> cases() throws IOException {
    Path tsv = Corpus.require("opendmarc-testfiles/transcribed-cases/dmarc-record-parse.tsv");
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      out.add(Arguments.of(f[0], f[1], f[2], f[3]));
    }
    assertThat(out).hasSize(19);
    return out.stream();
  }

  @ParameterizedTest(name = "case {0}: {1}")
  @MethodSource("cases")
  void parse_rfcReading(String number, String record, String opendmarc, String reading)
      throws Exception {
    if (opendmarc.equals("DMARC_PARSE_ERROR_EMPTY") || opendmarc.contains("BAD_VERSION")) {
      assertThatThrownBy(() -> DmarcRecord.parse(record)).isInstanceOf(RecordSyntaxException.class);
      return;
    }
    List<RecordIssue> issues = new ArrayList<>();
    DmarcRecord r = DmarcRecord.parse(record, issues);
    Consumer<Parsed> check = READING.get(number);
    assertThat(check).as("an RFC reading for case " + number + " (" + reading + ")").isNotNull();
    check.accept(new Parsed(r, issues));
  }
}
