// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderCatalogueTest {
  private static final SenderCatalogue CATALOGUE = SenderCatalogue.builtIn();

  @Test
  void builtIn_hasAtLeast120ServicesEachWithAFixAndAWayToRecogniseIt() {
    List<SendingService> services = CATALOGUE.services();
    assertThat(services).hasSizeGreaterThanOrEqualTo(120);
    for (SendingService s : services) {
      assertThat(s.fix().spf()).as(s.id()).isNotBlank().doesNotContain("{name}");
      assertThat(s.fix().dkim()).as(s.id()).isNotBlank().doesNotContain("{name}");
      assertThat(s.docs()).as(s.id()).startsWith("https://");
      assertThat(
              s.ptrSuffixes().size()
                  + s.spfIncludes().size()
                  + s.dkimDomains().size()
                  + s.envelopeDomains().size()
                  + s.dkimSelectors().size()
                  + s.asns().size())
          .as(s.id())
          .isPositive();
    }
  }

  @Test
  void builtIn_namesTheServicesTheIssueLists() {
    for (String id :
        List.of(
            "amazon-ses",
            "google-workspace",
            "microsoft-365",
            "sendgrid",
            "mailchimp",
            "mandrill",
            "mailgun",
            "postmark",
            "sparkpost",
            "salesforce",
            "zendesk",
            "hubspot",
            "klaviyo",
            "brevo")) {
      assertThat(CATALOGUE.find(id)).as(id).isPresent();
    }
  }

  @Test
  void builtIn_marksConsumerNetworksAsForwarding() {
    assertThat(CATALOGUE.expect("gmail").forwarding()).isTrue();
    assertThat(CATALOGUE.expect("outlook-com").forwarding()).isTrue();
    assertThat(CATALOGUE.expect("google-groups").forwarding()).isTrue();
    assertThat(CATALOGUE.expect("google-workspace").forwarding()).isFalse();
    assertThat(CATALOGUE.expect("amazon-ses").forwarding()).isFalse();
    assertThat(CATALOGUE.services().stream().filter(SendingService::forwarding).count())
        .isGreaterThanOrEqualTo(20);
  }

  @Test
  void builtIn_noDomainUnderTwoServicesExceptDeclaredOverlaps() {
    // the reader enforces it; this checks the shipped file obeys the rule in both directions
    Set<String> seen = new HashSet<>();
    Set<String> shared = new HashSet<>();
    for (SendingService s : CATALOGUE.services()) {
      Set<String> own = new HashSet<>();
      own.addAll(s.ptrSuffixes());
      own.addAll(s.spfIncludes());
      own.addAll(s.dkimDomains());
      own.addAll(s.envelopeDomains());
      for (String d : own) {
        if (!seen.add(d)) {
          shared.add(d);
        }
      }
    }
    assertThat(shared)
        .containsExactlyInAnyOrder(
            "google.com",
            "_spf.google.com",
            "outbound.protection.outlook.com",
            "spf.protection.outlook.com",
            "amazonses.com",
            "yahoodns.net");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "a8-12.smtp-out.amazonses.com, amazon-ses",
    "o1.ptr2625.email.sendgrid.net., sendgrid",
    "mail180-9.suw21.mcsv.net, mailchimp",
    "MTA-225-55.SPARKPOSTMAIL.COM, sparkpost",
    "smtp-relay.zdsys.com, zendesk",
    "ec2-3-1-2-3.compute-1.amazonaws.com, aws-ec2",
    "mo4-p00-ob.smtp.rzone.de, strato"
  })
  void byPtr_findsTheServiceOfAnOutboundHost(String host, String id) {
    assertThat(CATALOGUE.byPtr(host)).extracting(SendingService::id).containsExactly(id);
  }

  @Test
  void byPtr_sharedHostsGiveEveryDeclaredService() {
    assertThat(CATALOGUE.byPtr("mail-sor-f41.google.com"))
        .extracting(SendingService::id)
        .containsExactlyInAnyOrder("google-workspace", "gmail", "google-groups");
  }

  @Test
  void lookups_unknownNamesGiveNothing() {
    assertThat(CATALOGUE.byPtr("host.example.net")).isEmpty();
    assertThat(CATALOGUE.byPtr("com")).isEmpty();
    assertThat(CATALOGUE.byPtr("")).isEmpty();
    assertThat(CATALOGUE.byDkimDomain("notsendgrid.info")).isEmpty();
    assertThat(CATALOGUE.byAsn(64496)).isEmpty();
  }

  @Test
  void otherLookups_findByDkimEnvelopeSpfAsnAndSelector() {
    assertThat(CATALOGUE.byDkimDomain("sendgrid.info"))
        .extracting(SendingService::id)
        .containsExactly("sendgrid");
    assertThat(CATALOGUE.byEnvelopeDomain("bounces.us-east-1.amazonses.com"))
        .extracting(SendingService::id)
        .containsExactly("amazon-ses");
    assertThat(CATALOGUE.bySpfInclude("servers.mcsv.net"))
        .extracting(SendingService::id)
        .containsExactly("mailchimp");
    assertThat(CATALOGUE.byAsn(11377)).extracting(SendingService::id).containsExactly("sendgrid");
    assertThat(CATALOGUE.bySelector("hs1-4455667"))
        .extracting(SendingService::id)
        .containsExactly("hubspot");
    assertThat(CATALOGUE.bySelector("20240101123456pm"))
        .extracting(SendingService::id)
        .containsExactly("postmark");
    assertThat(CATALOGUE.bySelector("pm")).isEmpty();
  }

  @Test
  void fixTemplates_areFilledWithTheServiceName() {
    assertThat(CATALOGUE.expect("gmail").fix().spf()).contains("Gmail (consumer)");
    assertThat(CATALOGUE.expect("aws-ec2").fix().dkim()).contains("DKIM");
  }

  private static SenderCatalogue parse(String yaml) throws CatalogueException {
    return SenderCatalogue.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static final String ONE =
      """
      version: 1
      services:
        - id: one
          name: One
          category: transactional
          ptr: [one.example]
          fix: {spf: s, dkim: d}
          docs: https://one.example/
      """;

  @Test
  void read_minimalCatalogue() throws Exception {
    assertThat(parse(ONE).expect("one").ptrSuffixes()).containsExactly("one.example");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing fix | fix: {spf: s, dkim: d} | '' | missing fix",
        "empty dkim fix | fix: {spf: s, dkim: d} | 'fix: {spf: s}' | fix needs both",
        "unknown template | fix: {spf: s, dkim: d} | 'fix: {template: nope}' | unknown fix template",
        "bad domain | ptr: [one.example] | 'ptr: [One.Example]' | not a lower-case domain",
        "single label | ptr: [one.example] | 'ptr: [example]' | not a lower-case domain",
        "bad category | category: transactional | 'category: bulk' | unknown category",
        "bad id | id: one | 'id: One_1' | must be lower case",
        "unknown field | ptr: [one.example] | 'ptrs: [one.example]' | not a valid catalogue",
        "bad selector | ptr: [one.example] | 'dkim: {selectors: [\"*\"]}' | bad selector pattern",
        "http docs | docs: https://one.example/ | 'docs: http://one.example/' | https://",
        "nothing to match | ptr: [one.example] | 'aliases: [x]' | nothing to recognise"
      })
  void read_rejectsBrokenEntries(String name, String from, String to, String message) {
    String yaml = ONE.replace(from, to);
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining(message);
  }

  @Test
  void read_rejectsUndeclaredSharedDomainAndDuplicateIds() {
    String two =
        ONE
            + """
              - id: two
                name: Two
                category: marketing
                envelope: [one.example]
                fix: {spf: s, dkim: d}
                docs: https://two.example/
            """;
    assertThatThrownBy(() -> parse(two))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("domain one.example is listed by [one, two]");
    String declared =
        two
            + """
            overlaps:
              - {domain: one.example, services: [one, two], reason: same company}
            """;
    assertThatThrownBy(() -> parse(declared.replace("id: two", "id: one")))
        .hasMessageContaining("duplicate id \"one\"");
  }

  @Test
  void read_acceptsDeclaredOverlapAndRejectsStaleOne() throws Exception {
    String two =
        ONE
            + """
              - id: two
                name: Two
                category: marketing
                envelope: [one.example]
                fix: {spf: s, dkim: d}
                docs: https://two.example/
            overlaps:
              - {domain: one.example, services: [one, two], reason: same company}
            """;
    assertThat(parse(two).byEnvelopeDomain("x.one.example"))
        .extracting(SendingService::id)
        .containsExactly("two");
    assertThatThrownBy(
            () -> parse(two.replace("envelope: [one.example]", "envelope: [two.example]")))
        .hasMessageContaining("match no listing");
  }

  @Test
  void read_rejectsNonYamlAndWrongVersion() {
    assertThatThrownBy(() -> parse("{{{")).isInstanceOf(CatalogueException.class);
    assertThatThrownBy(() -> parse(ONE.replace("version: 1", "version: 2")))
        .hasMessageContaining("version must be 1");
  }
}
