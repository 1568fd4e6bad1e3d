// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.utf8;

import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.Test;

/**
 * The policy domain is the key a report is stored, deduplicated and looked up by, so it is read in
 * the one form the rest of the system names domains in: lower case, A-labels, no trailing dot. A
 * value that is no domain name at all rejects the report (it could be stored but never opened).
 */
class PolicyDomainTest {
  private final AggregateReportReader reader = new AggregateReportReader(ReportLimits.DEFAULTS);

  private AggregateReport withDomain(String domain) throws Exception {
    String xml =
        ReportFixtures.report("P", 1, 1)
            .replace(
                "<domain>example.com</domain><adkim>", "<domain>" + domain + "</domain><adkim>");
    return reader.read(utf8(xml), "p.xml");
  }

  @Test
  void trailingDot_removedWithIssue() throws Exception {
    AggregateReport r = withDomain("Example.COM.");

    assertThat(r.policyPublished().domain()).isEqualTo("example.com");
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .containsExactly("<domain> \"Example.COM.\" read as example.com");
  }

  @Test
  void unicodeLabels_readAsALabelsWithIssue() throws Exception {
    AggregateReport r = withDomain("B\u00fccher.example");

    assertThat(r.policyPublished().domain()).isEqualTo("xn--bcher-kva.example");
    assertThat(r.issues())
        .extracting(ReportIssue::message)
        .containsExactly("<domain> \"B\u00fccher.example\" read as xn--bcher-kva.example");
  }

  @Test
  void upperCaseOnly_lowerCasedWithoutIssue() throws Exception {
    AggregateReport r = withDomain("Example.COM");

    assertThat(r.policyPublished().domain()).isEqualTo("example.com");
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void notADomainName_rejectsTheReportNamingTheValue() {
    assertThatThrownBy(() -> withDomain("x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.example"))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("p.xml")
        .hasMessageContaining(
            "<policy_published> <domain> \"x\"><script>alert(1)</script>.example\" is not a"
                + " domain name");
  }

  @Test
  void emptyLabel_rejectsTheReport() {
    assertThatThrownBy(() -> withDomain("a..example"))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("<domain> \"a..example\" is not a domain name");
  }
}
