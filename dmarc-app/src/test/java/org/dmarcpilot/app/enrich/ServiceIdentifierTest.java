// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.util.List;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ServiceIdentifierTest {
  private static final ServiceIdentifier ID = new ServiceIdentifier(SenderCatalogue.builtIn());

  private static IpFacts facts(@Nullable String ptr, boolean fcrdns, @Nullable Long asn) {
    return new IpFacts(
        InetAddresses.forString("192.0.2.10"),
        ptr == null ? ReverseDnsStatus.NONE : ReverseDnsStatus.FOUND,
        ptr,
        null,
        fcrdns,
        asn,
        null,
        null);
  }

  private static DkimAuthResult sig(String d, @Nullable String s, DkimResultType r) {
    return new DkimAuthResult(d, s, r, null);
  }

  @Test
  void identify_passingDkimOfTheServiceIsHigh() {
    Identification id =
        ID.identify(
            facts(null, false, null),
            List.of(sig("sendgrid.info", "smtpapi", DkimResultType.PASS)),
            null,
            false);
    assertThat(id.service().id()).isEqualTo("sendgrid");
    assertThat(id.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(id.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(EvidenceKind.DKIM_DOMAIN);
              assertThat(e.describe()).isEqualTo("DKIM d=sendgrid.info (sendgrid.info)");
            });
  }

  @Test
  void identify_layersAgreeingRaiseTheConfidenceAndAreAllListed() {
    Identification id =
        ID.identify(
            facts("a48-110.smtp-out.amazonses.com", false, 16509L),
            List.of(sig("example.com", "abc", DkimResultType.FAIL)),
            "bounces.example.com",
            true);
    assertThat(id.service().id()).isEqualTo("amazon-ses");
    // a PTR that is not forward-confirmed and an ASN are LOW each; together MEDIUM
    assertThat(id.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(id.evidence())
        .extracting(Evidence::kind)
        .containsExactlyInAnyOrder(EvidenceKind.PTR, EvidenceKind.ASN);
    assertThat(id.alternatives()).isEmpty();
  }

  @Test
  void identify_forwardConfirmedPtrIsHigh() {
    Identification id =
        ID.identify(facts("o1.ptr1.sendgrid.net", true, null), List.of(), "example.com", true);
    assertThat(id.service().id()).isEqualTo("sendgrid");
    assertThat(id.confidence()).isEqualTo(Confidence.HIGH);
  }

  @Test
  void identify_envelopeTellsGmailFromWorkspaceOnSharedHosts() {
    IpFacts google = facts("mail-sor-f41.google.com", true, 15169L);
    Identification forwarded = ID.identify(google, List.of(), "gmail.com", true);
    assertThat(forwarded.service().id()).isEqualTo("gmail");
    assertThat(forwarded.service().forwarding()).isTrue();

    Identification workspace =
        ID.identify(
            google,
            List.of(sig("example.com", "google", DkimResultType.PASS)),
            "example.com",
            true);
    assertThat(workspace.service().id()).isEqualTo("google-workspace");
    assertThat(workspace.evidence())
        .extracting(Evidence::kind)
        .contains(EvidenceKind.DKIM_SELECTOR, EvidenceKind.PTR);
  }

  @Test
  void identify_bareSharedPtrPrefersTheNonForwardingServiceAndNamesTheOthers() {
    Identification id =
        ID.identify(facts("mail-sor-f41.google.com", true, null), List.of(), null, false);
    assertThat(id.service().id()).isEqualTo("google-workspace");
    assertThat(id.alternatives())
        .extracting(SendingService::id)
        .containsExactlyInAnyOrder("gmail", "google-groups");
  }

  @Test
  void identify_failedServiceSignatureIsMedium() {
    Identification id =
        ID.identify(
            facts(null, false, null),
            List.of(sig("mcsv.net", "k1", DkimResultType.FAIL)),
            null,
            false);
    assertThat(id.service().id()).isEqualTo("mailchimp");
    assertThat(id.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void identify_nothingKnownGivesNone() {
    Identification id =
        ID.identify(
            facts("host-1.dsl.example.net", true, 64496L),
            List.of(sig("example.org", "x1", DkimResultType.PASS)),
            "example.org",
            true);
    assertThat(id.identified()).isFalse();
    assertThat(id.evidence()).isEmpty();
  }
}
