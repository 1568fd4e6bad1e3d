// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.MxData;
import org.dmarcpilot.policy.DmarcRecord;
import org.dmarcpilot.policy.ExternalReportAuthorization;
import org.dmarcpilot.policy.OrgDomainDiscovery;
import org.dmarcpilot.policy.ReportUri;

/**
 * The report destinations of a DMARC record: the external destination authorisation (RFC 9990, RFC
 * 7489 §7.1) and whether the destination domains receive mail.
 */
final class ReportUriAudit {
  /** How many distinct destination hosts are checked, so a hostile record cannot fan out. */
  static final int MAX_HOSTS = 10;

  private ReportUriAudit() {}

  static void run(
      AuditContext ctx, String policyDomain, DmarcRecord record, OrgDomainDiscovery orgs) {
    Set<String> hosts = new LinkedHashSet<>();
    List<ReportUri> all = new ArrayList<>(record.aggregateReportUris());
    all.addAll(record.failureReportUris());
    for (ReportUri u : all) {
      if (u.host() != null && hosts.size() < MAX_HOSTS) {
        hosts.add(u.host());
      }
    }
    ExternalReportAuthorization auth = new ExternalReportAuthorization(ctx.dns, orgs);
    for (String host : hosts) {
      ExternalReportAuthorization.Outcome o = auth.check(policyDomain, host);
      if (o.status() == ExternalReportAuthorization.Status.NOT_AUTHORIZED) {
        List<String> ev = new ArrayList<>();
        if (o.answer() != null) {
          ev.add(o.answer().describe());
        } else {
          ev.add(o.queryName() + ": " + o.detail());
        }
        ctx.add(
            CheckId.DMARC_EXTERNAL_UNVERIFIED,
            host + " has not authorised reports about " + policyDomain,
            host
                + " must publish: "
                + o.queryName()
                + " TXT \"v=DMARC1\" (or *._report._dmarc."
                + host
                + " for every domain)",
            ev);
      }
      DnsAnswer<MxData> mx = ctx.dns.mx(host);
      if (mx.status().isEmpty()
          || (mx.status() == DnsStatus.OK && mx.values().stream().allMatch(MxData::isNullMx))) {
        ctx.add(
            CheckId.DMARC_REPORT_NO_MX,
            "The report domain "
                + host
                + " has no MX record"
                + (mx.status() == DnsStatus.NXDOMAIN ? " (it does not exist)" : ""),
            List.of(mx.describe()));
      }
    }
  }
}
