// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordIssue.Kind;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DmarcRecordTest {

  private static List<RecordIssue> issues(String text) throws RecordSyntaxException {
    List<RecordIssue> issues = new ArrayList<>();
    DmarcRecord.parse(text, issues);
    return issues;
  }

  @Test
  void parse_fullRecord() throws Exception {
    DmarcRecord r =
        DmarcRecord.parse(
            "v=DMARC1; p=quarantine; sp=reject; np=none; psd=n; t=y; adkim=s; aspf=r;"
                + " fo=1:d; rua=mailto:agg@example.com, mailto:x@reports.example.net!10m;"
                + " ruf=mailto:forensic@example.com");
    assertThat(r.policy()).isEqualTo(Policy.QUARANTINE);
    assertThat(r.subdomainPolicy()).isEqualTo(Policy.REJECT);
    assertThat(r.nonExistentPolicy()).isEqualTo(Policy.NONE);
    assertThat(r.psd()).isEqualTo(PsdFlag.NO);
    assertThat(r.testing()).isTrue();
    assertThat(r.dkimAlignment()).isEqualTo(AlignmentMode.STRICT);
    assertThat(r.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
    assertThat(r.failureOptions())
        .containsExactlyInAnyOrder(FailureOption.ANY_FAIL, FailureOption.DKIM);
    assertThat(r.aggregateReportUris())
        .extracting(ReportUri::address)
        .containsExactly("agg@example.com", "x@reports.example.net");
    assertThat(r.aggregateReportUris().get(1).sizeLimit()).isEqualTo("10m");
    assertThat(r.aggregateReportUris().get(1).host()).isEqualTo("reports.example.net");
    assertThat(r.failureReportUris()).hasSize(1);
    assertThat(r.applicability()).isEqualTo(PolicyApplicability.APPLY);
    assertThat(r.appliedPolicy(PolicyScope.DOMAIN)).contains(Policy.NONE);
    assertThat(r.appliedPolicy(PolicyScope.SUBDOMAIN)).contains(Policy.QUARANTINE);
  }

  @Test
  void parse_defaults() throws Exception {
    DmarcRecord r = DmarcRecord.parse("v=DMARC1");
    assertThat(r.policy()).isEqualTo(Policy.NONE);
    assertThat(r.subdomainPolicy()).isEqualTo(Policy.NONE);
    assertThat(r.nonExistentPolicy()).isEqualTo(Policy.NONE);
    assertThat(r.psd()).isEqualTo(PsdFlag.UNKNOWN);
    assertThat(r.testing()).isFalse();
    assertThat(r.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
    assertThat(r.failureOptions()).containsExactly(FailureOption.ALL_FAIL);
    assertThat(r.hasTag("p")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'v=DMARC1; p=reject', REJECT, REJECT, REJECT",
    "'v=DMARC1; p=reject; sp=none', REJECT, NONE, NONE",
    "'v=DMARC1; p=none; sp=quarantine', NONE, QUARANTINE, QUARANTINE",
    "'v=DMARC1; p=none; np=reject', NONE, NONE, REJECT",
    "'v=DMARC1; sp=reject', NONE, REJECT, REJECT",
  })
  void parse_policyFallbacks(String text, Policy p, Policy sp, Policy np) throws Exception {
    DmarcRecord r = DmarcRecord.parse(text);
    assertThat(List.of(r.policy(), r.subdomainPolicy(), r.nonExistentPolicy()))
        .containsExactly(p, sp, np);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v=DMARC1;p=reject", "v = DMARC1 ; p = reject ;", "v=DMARC1;\tp=reject;"})
  void parse_whitespaceAndSeparators(String text) throws Exception {
    assertThat(DmarcRecord.parse(text).policy()).isEqualTo(Policy.REJECT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "| empty record",
        "' v=DMARC1; p=none'| starts with whitespace",
        "v=DMARC2; p=none| must start with v=DMARC1",
        "v=dmarc1; p=none| exactly DMARC1",
        "v=DMARC1 p=none| exactly DMARC1",
        "p=none; v=DMARC1| must start with v=DMARC1",
        "v=spf1 -all| must start with v=DMARC1",
        "v=DMARC10| exactly DMARC1",
      })
  void parse_notADmarcRecord_throws(String text, String problem) {
    String t = text == null ? "" : text;
    assertThatThrownBy(() -> DmarcRecord.parse(t))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining(problem)
        .hasMessageStartingWith("'" + t + "'");
  }

  @Test
  void parse_invalidPolicy_applicabilityFollowsRua() throws Exception {
    DmarcRecord withRua = DmarcRecord.parse("v=DMARC1; p=rejet; rua=mailto:a@example.com");
    assertThat(withRua.invalidPolicyTags()).containsExactly("p");
    assertThat(withRua.applicability()).isEqualTo(PolicyApplicability.APPLY_AS_NONE);
    assertThat(withRua.requestedPolicy(PolicyScope.DOMAIN)).contains(Policy.NONE);
    DmarcRecord without = DmarcRecord.parse("v=DMARC1; p=reject; sp=invalid");
    assertThat(without.applicability()).isEqualTo(PolicyApplicability.NOT_APPLICABLE);
    assertThat(without.requestedPolicy(PolicyScope.DOMAIN)).isEmpty();
    assertThat(without.appliedPolicy(PolicyScope.SUBDOMAIN)).isEmpty();
  }

  @Test
  void parse_issues() throws Exception {
    List<RecordIssue> issues =
        issues(
            "v=DMARC1; rua=mailto:a@example.com!5k; p=Reject; p=none; pct=50; rf=afrf; ri=3600;"
                + " foo=bar; adkim=x; fo=2; ruf=https://example.com/r; bad tag; ;");
    assertThat(issues)
        .extracting(RecordIssue::kind)
        .contains(
            Kind.OBSOLETE_SYNTAX,
            Kind.ORDER,
            Kind.CASE,
            Kind.DUPLICATE_TAG,
            Kind.REMOVED_TAG,
            Kind.UNKNOWN_TAG,
            Kind.INVALID_VALUE,
            Kind.UNSUPPORTED,
            Kind.SYNTAX);
    assertThat(issues)
        .filteredOn(i -> i.kind() == Kind.REMOVED_TAG)
        .extracting(RecordIssue::tag)
        .containsExactly("pct", "rf", "ri");
    assertThat(issues)
        .filteredOn(i -> i.kind() == Kind.INVALID_VALUE)
        .extracting(RecordIssue::tag)
        .containsExactly("adkim", "fo");
    RecordIssue dup = issues.stream().filter(i -> i.kind() == Kind.DUPLICATE_TAG).findFirst().get();
    assertThat(dup.index()).isEqualTo(49);
  }

  @Test
  void parse_duplicateKeepsFirst() throws Exception {
    assertThat(DmarcRecord.parse("v=DMARC1; p=reject; p=none").policy()).isEqualTo(Policy.REJECT);
  }

  @Test
  void parse_uris() throws Exception {
    List<RecordIssue> issues = new ArrayList<>();
    DmarcRecord r =
        DmarcRecord.parse(
            "v=DMARC1; rua=agg@example.com, mailto:%61gg@example.com, mailto://abuse.com,"
                + " mailto:x@y, ftp://abuse.com, mailto:ok@example.com?subject=x",
            issues);
    assertThat(r.aggregateReportUris())
        .extracting(ReportUri::uri)
        .containsExactly(
            "mailto:%61gg@example.com",
            "mailto://abuse.com",
            "mailto:x@y",
            "ftp://abuse.com",
            "mailto:ok@example.com?subject=x");
    assertThat(r.aggregateReportUris())
        .extracting(ReportUri::address)
        .containsExactly("agg@example.com", null, null, null, "ok@example.com");
    assertThat(issues).extracting(RecordIssue::message).anyMatch(m -> m.contains("not a URI"));
  }

  @Test
  void legacyPercent() throws Exception {
    assertThat(DmarcRecord.parse("v=DMARC1; pct=20").legacyPercent()).hasValue(20);
    assertThat(DmarcRecord.parse("v=DMARC1; pct=500").legacyPercent()).isEmpty();
    assertThat(DmarcRecord.parse("v=DMARC1").legacyPercent()).isEmpty();
  }

  @Test
  void parseConstant_invalid_illegalArgument() {
    assertThatThrownBy(() -> DmarcRecord.parseConstant("v=spf1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DmarcRecord.parseConstant("v=DMARC1; p=reject").policy()).isEqualTo(Policy.REJECT);
  }
}
