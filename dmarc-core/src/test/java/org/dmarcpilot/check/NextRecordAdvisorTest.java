// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.check.RecommendedRecord.Stage;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextRecordAdvisorTest {

  private static RecommendedRecord recommend(String zone, String domain, boolean parked) {
    return new DomainAudit(
            InMemoryDnsResolver.fromZone(zone), AuditOptions.defaults().withParked(parked))
        .audit(domain)
        .recommendation();
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v=DMARC1; p=none; rua=mailto:d@example.com| MONITORING| QUARANTINE_TESTING|"
            + " v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com| QUARANTINE_TESTING| QUARANTINE|"
            + " v=DMARC1; p=quarantine; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=quarantine; np=reject; rua=mailto:d@example.com| QUARANTINE| REJECT|"
            + " v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=reject; t=y; rua=mailto:d@example.com| REJECT_TESTING| REJECT|"
            + " v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=reject; rua=mailto:d@example.com| REJECT| REJECT|"
            + " v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=none; sp=reject; adkim=s; pct=20; rua=mailto:d@example.com!10m;"
            + " ruf=mailto:f@example.com; fo=1| MONITORING| QUARANTINE_TESTING|"
            + " v=DMARC1; p=quarantine; t=y; sp=reject; np=reject; adkim=s;"
            + " rua=mailto:d@example.com; ruf=mailto:f@example.com; fo=1",
        "v=DMARC1; p=none; sp=none| MONITORING| QUARANTINE_TESTING|"
            + " v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:dmarc-reports@example.com",
        // pct below 100 is RFC 7489's testing mode (pct=0 is what t=y replaces): the next step
        // is the full policy, not the next policy
        "v=DMARC1; p=quarantine; pct=0; rua=mailto:d@example.com| QUARANTINE_TESTING| QUARANTINE|"
            + " v=DMARC1; p=quarantine; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com| QUARANTINE_TESTING| QUARANTINE|"
            + " v=DMARC1; p=quarantine; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com| REJECT_TESTING| REJECT|"
            + " v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=quarantine; pct=100; rua=mailto:d@example.com| QUARANTINE| REJECT|"
            + " v=DMARC1; p=reject; np=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=bogus| NO_RECORD| MONITORING|"
            + " v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
      })
  void recommend_nextStage(String current, Stage stage, Stage next, String expected) {
    RecommendedRecord r =
        recommend(
            "_dmarc.example.com. TXT \"" + current + "\"\nexample.com. A 192.0.2.1",
            "example.com",
            false);
    assertThat(r.current()).isEqualTo(stage);
    assertThat(r.next()).isEqualTo(next);
    assertThat(r.record()).isEqualTo(expected);
    assertThat(r.name()).isEqualTo("_dmarc.example.com");
    assertThat(r.notes()).isNotEmpty();
  }

  @Test
  void recommend_pctZero_noteSaysDropPctNotRemoveT() {
    RecommendedRecord r =
        recommend(
            "_dmarc.example.com. TXT \"v=DMARC1; p=quarantine; pct=0; rua=mailto:d@example.com\"\n"
                + "example.com. A 192.0.2.1",
            "example.com",
            false);
    assertThat(r.notes())
        .anyMatch(n -> n.startsWith("Drop pct=0"))
        .noneMatch(n -> n.contains("Remove t=y"));
  }

  @Test
  void recommend_noRecord_startMonitoring() {
    RecommendedRecord r = recommend("example.com. A 192.0.2.1", "example.com", false);
    assertThat(r.current()).isEqualTo(Stage.NO_RECORD);
    assertThat(r.record()).isEqualTo("v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com");
    assertThat(r.notes()).anyMatch(n -> n.contains("Replace mailto:dmarc-reports@example.com"));
  }

  @Test
  void recommend_parked() {
    RecommendedRecord r =
        recommend(
            "_dmarc.example.com. TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
                + "example.com. A 192.0.2.1",
            "example.com",
            true);
    assertThat(r.next()).isEqualTo(Stage.PARKED);
    assertThat(r.record())
        .isEqualTo(
            "v=DMARC1; p=reject; sp=reject; np=reject; adkim=s; aspf=s;"
                + " rua=mailto:d@example.com");
  }

  @Test
  void recommend_httpsOnlyRua_keptWithAMailtoAdded() {
    RecommendedRecord r =
        recommend(
            "_dmarc.example.com. TXT \"v=DMARC1; p=none; rua=https://r.example/dmarc\"",
            "example.com",
            false);
    assertThat(r.record())
        .endsWith("; rua=mailto:dmarc-reports@example.com,https://r.example/dmarc");
    assertThat(String.join(" ", r.notes()))
        .contains("mailto:dmarc-reports@example.com")
        .contains("only mailto:");
  }

  @Test
  void recommend_inheritedFromOrgDomain_targetsItsRecord() {
    RecommendedRecord r =
        recommend(
            "_dmarc.example.com. TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
                + "www.example.com. A 192.0.2.1",
            "www.example.com",
            false);
    assertThat(r.name()).isEqualTo("_dmarc.example.com");
    assertThat(r.current()).isEqualTo(Stage.MONITORING);
  }

  @Test
  void recommend_onlyPsdPolicy_publishOwnAtOrgDomain() {
    RecommendedRecord r =
        recommend(
            "_dmarc.bank.example. TXT \"v=DMARC1; p=reject; psd=y\"\n"
                + "www.giant.bank.example. A 192.0.2.1",
            "www.giant.bank.example",
            false);
    assertThat(r.name()).isEqualTo("_dmarc.giant.bank.example");
    assertThat(r.current()).isEqualTo(Stage.NO_RECORD);
  }
}
