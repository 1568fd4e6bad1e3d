// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.dmarcpilot.app.analysis.ReportSets.daily;
import static org.dmarcpilot.app.analysis.ReportSets.row;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.SpfResultType;

/**
 * A generated report set for example.com with one source of each class and a reporter that claims
 * the wrong alignment. The right answers, per day (days 0..13, three reporters):
 *
 * <pre>
 * source                     class              messages/day  reporters
 * Google Workspace 192.0.2.1 aligned            300 x 3      google.com, Outlook.com, Yahoo
 * SendGrid 198.51.100.7      yours-not-aligned  5
 * Outlook.com 203.0.113.9    forwarded          2  (aligned DKIM broken by the forwarder)
 * 203.0.113.50               spoofing           3  (no SPF, no DKIM pass)
 * 203.0.113.60               unknown            1  (SPF pass for an unrelated domain)
 * Zoho reporter, day 0 only  aligned            10 (claims dkim=fail next to an aligned pass)
 * </pre>
 */
final class Scenario {
  private Scenario() {}

  static final ReportSets.Facts FACTS =
      new ReportSets.Facts()
          .ptr("192.0.2.1", "mail-sor-f41.google.com", 15169L)
          .ptr("198.51.100.7", "o1.ptr2625.sendgrid.net", 11377L)
          .ptr("203.0.113.9", "mail-db8eur05olkn2050.outbound.protection.outlook.com", 8075L);

  static SourceAnalyzer analyzer(OwnerMarks marks) {
    return new SourceAnalyzer(
        ReportSets.ALIGNMENT, new ServiceIdentifier(SenderCatalogue.builtIn()), FACTS::get, marks);
  }

  static List<AggregateReport> exampleCom(Policy p, boolean sendgridFixed) {
    PolicyPublished policy = ReportSets.policy("example.com", p);
    List<AggregateReport> reports = new ArrayList<>();
    for (int day = 0; day < 14; day++) {
      for (String reporter : List.of("google.com", "Outlook.com", "Yahoo")) {
        reports.add(
            daily(
                reporter,
                day,
                policy,
                row("192.0.2.1", 300, "example.com")
                    .dkim("example.com", "google", DkimResultType.PASS)
                    .spf("example.com", SpfResultType.PASS)
                    .build()));
      }
      ReportSets.Row sendgrid =
          sendgridFixed
              ? row("198.51.100.7", 5, "example.com")
                  .dkim("example.com", "s1", DkimResultType.PASS)
                  .spf("em123.example.com", SpfResultType.PASS)
              : row("198.51.100.7", 5, "example.com")
                  .dkim("sendgrid.info", "smtpapi", DkimResultType.PASS)
                  .spf("sendgrid.net", SpfResultType.PASS);
      reports.add(
          daily(
              "google.com",
              day,
              policy,
              sendgrid.build(),
              row("203.0.113.9", 2, "example.com")
                  .dkim("example.com", "google", DkimResultType.FAIL)
                  .spf("outlook.com", SpfResultType.PASS)
                  .build(),
              row("203.0.113.50", 3, "example.com").spf("example.com", SpfResultType.FAIL).build(),
              row("203.0.113.60", 1, "example.com")
                  .spf("random-sender.example", SpfResultType.PASS)
                  .build()));
    }
    reports.add(
        daily(
            "Zoho",
            0,
            policy,
            row("192.0.2.1", 10, "example.com")
                .dkim("example.com", "google", DkimResultType.PASS)
                .helo("mail-sor-f41.google.com", SpfResultType.PASS)
                .claims(DmarcResultType.FAIL, DmarcResultType.FAIL)
                .build()));
    return reports;
  }
}
