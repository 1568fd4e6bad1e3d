// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;

/**
 * Verdicts of the audit on records a domain owner really publishes, where an earlier version said
 * something wrong: a problem it missed, a DNS failure taken for an answer, or advice that skipped a
 * step.
 */
class AuditVerdictTest {

  private static AuditReport audit(String zone, String domain) {
    return new DomainAudit(InMemoryDnsResolver.fromZone(zone), AuditOptions.defaults())
        .audit(domain);
  }

  /** An include of a record that ends with +all lets every server pass, as +all itself does. */
  @Test
  void audit_includeOfPassAll_passAllError() {
    AuditReport r =
        audit(
            AuditZones.with(
                """
                example.com. TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.esp.example -all"
                _spf.esp.example. TXT "v=spf1 ip4:198.51.100.0/24 +all"
                """),
            "example.com");
    assertThat(r.findings())
        .filteredOn(f -> f.id().equals("spf.pass-all"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.title()).contains("include:_spf.esp.example").contains("+all");
              assertThat(f.fix()).contains("include:_spf.esp.example");
            });
  }

  /** A selector query that failed may hold the key: no "no DKIM key" verdict, only the failure. */
  @Test
  void audit_dkimQueryFailed_noNoneFoundVerdict() {
    AuditReport r =
        audit(
            AuditZones.with(
                """
                selector1._domainkey.example.com. TXT -
                selector1._domainkey.example.com. TIMEOUT
                """),
            "example.com");
    assertThat(r.dnsFailed()).isTrue();
    assertThat(r.dnsFailures()).anySatisfy(f -> assertThat(f).contains("selector1._domainkey"));
    assertThat(r.has("dkim.none-found")).as("%s", r.findings()).isFalse();
  }

  /** Without a failure the verdict stands. */
  @Test
  void audit_dkimNoKeyAnywhere_noneFound() {
    AuditReport r =
        audit(AuditZones.with("selector1._domainkey.example.com. TXT -"), "example.com");
    assertThat(r.dnsFailed()).isFalse();
    assertThat(r.has("dkim.none-found")).isTrue();
  }

  /**
   * TXT strings are joined as they are (RFC 7208 §3.3): a record split without a space at the
   * boundary runs two terms together. The finding names that cause, not the garbled term.
   */
  @Test
  void audit_spfStringsJoinedWithoutSpace_saysSo() {
    AuditReport r =
        audit(
            AuditZones.with(
                "example.com. TXT \"v=spf1 ip4:192.0.2.1\" \"include:_spf.esp.example -all\"\n"
                    + "_spf.esp.example. TXT \"v=spf1 -all\""),
            "example.com");
    assertThat(r.findings())
        .filteredOn(f -> f.id().equals("spf.syntax"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.title()).contains("without a space").doesNotContain("ip6");
              assertThat(f.fix()).contains("\"v=spf1 ip4:192.0.2.1 \"");
            });
  }

  /**
   * A DMARC record whose v=DMARC1 is not first is ignored by receivers; it is a DMARC record
   * written wrongly, not an unrelated record to move or delete.
   */
  @Test
  void audit_dmarcVersionNotFirst_badVersionWithReorderedRecord() {
    AuditReport r =
        audit(
            AuditZones.with(
                "_dmarc.example.com. TXT \"p=reject; v=DMARC1; rua=mailto:dmarc@example.com\""),
            "example.com");
    assertThat(r.has("dmarc.unrelated-txt")).isFalse();
    assertThat(r.findings())
        .filteredOn(f -> f.id().equals("dmarc.bad-version"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.title()).contains("not first");
              assertThat(f.fix()).contains("\"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"");
            });
  }

  /**
   * When the server fails for _domainkey, probing 35 common selectors on it only multiplies the
   * wait (each failure costs the full timeout); selectors given by name are still asked.
   */
  @Test
  void audit_domainkeyFails_commonSelectorsNotProbed() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            AuditZones.with(
                """
                selector1._domainkey.example.com. TXT -
                _domainkey.example.com. TIMEOUT
                """));
    AuditReport r =
        new DomainAudit(dns, AuditOptions.defaults().withSelectors(java.util.List.of("s9")))
            .audit("example.com");
    assertThat(r.dnsFailed()).isTrue();
    assertThat(dns.queryCount("s9._domainkey.example.com")).isEqualTo(1);
    assertThat(dns.queryCount("google._domainkey.example.com")).isZero();
    AuditReport probing = new DomainAudit(dns, AuditOptions.defaults()).audit("example.com");
    assertThat(probing.dnsFailed()).isTrue();
    assertThat(probing.has("dkim.none-found")).as("%s", probing.findings()).isFalse();
    assertThat(dns.queryCount("google._domainkey.example.com")).isZero();
  }
}
