// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alignment recomputed from auth_results and header_from, relaxed and strict. */
class RecordAlignmentTest {
  private static final Function<String, String> PSL =
      PublicSuffixList.guava()::organizationalDomain;

  @ParameterizedTest(name = "{0} vs {1} ({2}) -> {3}")
  @CsvSource({
    "example.com,            example.com,          STRICT,  true",
    "mail.example.com,       example.com,          STRICT,  false",
    "mail.example.com,       example.com,          RELAXED, true",
    "example.com,            news.example.com,     RELAXED, true",
    "Example.COM.,           example.com,          STRICT,  true",
    "example.co.uk,          mail.example.co.uk,   RELAXED, true",
    "other.co.uk,            example.co.uk,        RELAXED, false",
    "co.uk,                  example.co.uk,        RELAXED, false",
    "example.net,            example.com,          RELAXED, false",
    "'',                     example.com,          RELAXED, false",
    "example.com,            '',                   RELAXED, false",
  })
  void aligned(String domain, String headerFrom, AlignmentMode mode, boolean expected) {
    assertThat(RecordAlignment.aligned(domain, headerFrom, mode, PSL)).isEqualTo(expected);
  }

  private static ReportRecord row(
      String headerFrom,
      String envelopeFrom,
      List<DkimAuthResult> dkim,
      List<SpfAuthResult> spf,
      DmarcResultType reportedDkim,
      DmarcResultType reportedSpf)
      throws Exception {
    return new ReportRecord(
        InetAddress.getByName("192.0.2.1"),
        1,
        new PolicyEvaluated(DispositionType.NONE, reportedDkim, reportedSpf, List.of()),
        new Identifiers(headerFrom, envelopeFrom, null),
        dkim,
        spf,
        List.of());
  }

  private static PolicyPublished policy(AlignmentMode adkim, AlignmentMode aspf) {
    return new PolicyPublished(
        "example.com", Policy.REJECT, null, null, adkim, aspf, null, null, null, null);
  }

  @Test
  void of_firstAlignedPassingSignatureWins() throws Exception {
    DkimAuthResult thirdParty =
        new DkimAuthResult("esp.example.net", "s", DkimResultType.PASS, null);
    DkimAuthResult failing = new DkimAuthResult("example.com", "old", DkimResultType.FAIL, null);
    DkimAuthResult aligned =
        new DkimAuthResult("mail.example.com", "s2", DkimResultType.PASS, null);
    ReportRecord r =
        row(
            "example.com",
            null,
            List.of(thirdParty, failing, aligned),
            List.of(),
            DmarcResultType.PASS,
            DmarcResultType.FAIL);

    RecordAlignment relaxed = RecordAlignment.of(r, policy(null, null), PSL);
    RecordAlignment strict = RecordAlignment.of(r, policy(AlignmentMode.STRICT, null), PSL);

    assertThat(relaxed.alignedDkim()).isEqualTo(aligned);
    assertThat(relaxed.dmarcPass()).isTrue();
    assertThat(relaxed.differsFromReporter(r.policyEvaluated())).isFalse();
    assertThat(strict.alignedDkim()).isNull();
    assertThat(strict.dkimPass()).isTrue();
    assertThat(strict.dmarcPass()).isFalse();
    assertThat(strict.dkimDiffers(r.policyEvaluated())).isTrue();
  }

  @Test
  void of_heloResultNeverCounts_emptySpfDomainFallsBackToEnvelopeFrom() throws Exception {
    SpfAuthResult helo =
        new SpfAuthResult("example.com", SpfDomainScope.HELO, SpfResultType.PASS, null);
    SpfAuthResult noDomain = new SpfAuthResult("", null, SpfResultType.PASS, null);

    RecordAlignment onlyHelo =
        RecordAlignment.of(
            row("example.com", null, List.of(), List.of(helo), null, null),
            policy(null, null),
            PSL);
    RecordAlignment fallback =
        RecordAlignment.of(
            row("example.com", "bounce.example.com", List.of(), List.of(noDomain), null, null),
            policy(null, AlignmentMode.RELAXED),
            PSL);

    assertThat(onlyHelo.spfPass()).isFalse();
    assertThat(onlyHelo.spfAligned()).isFalse();
    assertThat(fallback.alignedSpf()).isEqualTo(noDomain);
    assertThat(
            fallback.differsFromReporter(
                new PolicyEvaluated(DispositionType.NONE, null, null, List.of())))
        .as("verdicts the reporter left out are not differences")
        .isFalse();
  }

  /** The Zoho sample: policy_evaluated says dkim=fail next to an aligned DKIM pass. */
  @Test
  void zohoSample_reporterDiffers() throws Exception {
    AggregateReport zoho =
        new ReportReader(ReportLimits.DEFAULTS)
            .read(
                Corpus.require(
                    "parsedmarc-samples/historical/aggregate/zoho.com!example.com!1581753600!1581840000.xml"))
            .get(0);

    long differing =
        zoho.records().stream()
            .filter(
                r ->
                    RecordAlignment.of(r, zoho.policyPublished(), PSL)
                        .differsFromReporter(r.policyEvaluated()))
            .count();
    ReportRecord first = zoho.records().get(0);
    RecordAlignment a = RecordAlignment.of(first, zoho.policyPublished(), PSL);

    assertThat(differing).isEqualTo(zoho.records().size());
    assertThat(a.dkimAligned()).isTrue();
    assertThat(a.spfAligned()).isTrue();
    assertThat(first.policyEvaluated().dkim()).isEqualTo(DmarcResultType.FAIL);
  }
}
