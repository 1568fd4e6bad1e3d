// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.analysis.ReportSets.ALIGNMENT;
import static org.dmarcpilot.app.analysis.ReportSets.row;

import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignmentEvaluatorTest {
  private static final PolicyPublished RELAXED = ReportSets.policy("example.com", Policy.NONE);
  private static final PolicyPublished STRICT =
      new PolicyPublished(
          "example.com",
          Policy.NONE,
          null,
          null,
          AlignmentMode.STRICT,
          AlignmentMode.STRICT,
          null,
          null,
          null,
          null);

  @ParameterizedTest(name = "{0} vs {1} {2} -> {3}")
  @CsvSource({
    "example.com, example.com, RELAXED, true",
    "mail.example.com, example.com, RELAXED, true",
    "mail.example.com, example.com, STRICT, false",
    "EXAMPLE.COM., example.com, STRICT, true",
    "example.co.uk, other.co.uk, RELAXED, false",
    "a.example.co.uk, b.example.co.uk, RELAXED, true",
    "'', example.com, RELAXED, false"
  })
  void aligned_relaxedComparesOrganizationalDomains(
      String id, String from, AlignmentMode mode, boolean expected) {
    assertThat(ALIGNMENT.aligned(id, from, mode)).isEqualTo(expected);
  }

  @Test
  void evaluate_subdomainSignatureAlignsRelaxedOnly() {
    var r =
        row("192.0.2.1", 1, "example.com")
            .dkim("mail.example.com", "s", DkimResultType.PASS)
            .build();
    assertThat(ALIGNMENT.evaluate(RELAXED, r).dkimAligned()).isTrue();
    assertThat(ALIGNMENT.evaluate(STRICT, r).dkimAligned()).isFalse();
    assertThat(ALIGNMENT.evaluate(STRICT, r).dkimPassed()).isTrue();
  }

  @Test
  void evaluate_heloResultsNeverCount() {
    var r = row("192.0.2.1", 1, "example.com").helo("example.com", SpfResultType.PASS).build();
    RowAlignment a = ALIGNMENT.evaluate(RELAXED, r);
    assertThat(a.spfAligned()).isFalse();
    assertThat(a.spfPassed()).isFalse();
    assertThat(a.dmarcPass()).isFalse();
  }

  @Test
  void evaluate_emptySpfDomainFallsBackToEnvelopeFrom() {
    var r =
        row("192.0.2.1", 1, "example.com")
            .envelope("bounce.example.com")
            .spf("", SpfResultType.PASS)
            .build();
    RowAlignment a = ALIGNMENT.evaluate(RELAXED, r);
    assertThat(a.spfAligned()).isTrue();
    assertThat(a.envelopeDomain()).isEqualTo("bounce.example.com");
  }

  @Test
  void evaluate_alignedSignatureThatFailedIsFlaggedOnlyWithoutAnAlignedPass() {
    var broken =
        row("192.0.2.1", 1, "example.com").dkim("example.com", "a", DkimResultType.FAIL).build();
    assertThat(ALIGNMENT.evaluate(RELAXED, broken).alignedDkimFailed()).isTrue();
    var second =
        row("192.0.2.1", 1, "example.com")
            .dkim("example.com", "a", DkimResultType.FAIL)
            .dkim("example.com", "b", DkimResultType.PASS)
            .build();
    assertThat(ALIGNMENT.evaluate(RELAXED, second).alignedDkimFailed()).isFalse();
  }

  @Test
  void evaluate_reporterClaimingWrongAlignmentIsRecorded() {
    // the Zoho pattern: policy_evaluated dkim=fail beside an aligned DKIM pass, SPF only for HELO
    var r =
        row("192.0.2.1", 1, "example.com")
            .dkim("example.com", "zoho", DkimResultType.PASS)
            .helo("mail.example.net", SpfResultType.PASS)
            .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
            .build();
    RowAlignment a = ALIGNMENT.evaluate(RELAXED, r);
    assertThat(a.dmarcPass()).isTrue();
    assertThat(a.disagreements())
        .containsExactly("reporter says dkim=fail, recomputed pass (d=example.com)");
    var agrees =
        row("192.0.2.1", 1, "example.com")
            .dkim("example.com", "zoho", DkimResultType.PASS)
            .claims(DmarcResultType.PASS, DmarcResultType.FAIL)
            .build();
    assertThat(ALIGNMENT.evaluate(RELAXED, agrees).reporterDisagrees()).isFalse();
    var spfClaim =
        row("192.0.2.1", 1, "example.com")
            .spf("example.com", SpfResultType.FAIL)
            .claims(null, DmarcResultType.PASS)
            .build();
    assertThat(ALIGNMENT.evaluate(RELAXED, spfClaim).disagreements())
        .containsExactly("reporter says spf=pass, recomputed fail");
  }
}
