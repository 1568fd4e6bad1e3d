// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.MxData;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;

/** The MTA-STS policy file: reachable, text/plain, valid, and covering every MX host. */
final class MtaStsPolicyAudit {
  private MtaStsPolicyAudit() {}

  static void run(AuditContext ctx, MtaStsPolicySource.Response r) {
    List<String> ev = new ArrayList<>();
    ev.add(
        "GET "
            + r.url()
            + " -> "
            + (r.status() == 0 ? "no response" : "HTTP " + r.status())
            + (r.contentType() == null ? "" : ", Content-Type: " + r.contentType()));
    if (r.error() != null || r.status() != 200 || r.body() == null) {
      ctx.add(
          CheckId.MTASTS_POLICY_UNREACHABLE,
          "The MTA-STS policy cannot be fetched: "
              + (r.error() != null ? r.error() : "HTTP " + r.status()),
          ev);
      return;
    }
    String type = r.contentType();
    if (type == null) {
      ctx.add(CheckId.MTASTS_CONTENT_TYPE, "The policy is served without a Content-Type", ev);
    } else if (!type.toLowerCase(Locale.ROOT).strip().startsWith("text/plain")) {
      ctx.add(
          CheckId.MTASTS_CONTENT_TYPE, "The policy is served as " + type + ", not text/plain", ev);
    }
    List<RecordIssue> issues = new ArrayList<>();
    MtaStsPolicy policy;
    try {
      policy = MtaStsPolicy.parse(r.body(), issues);
    } catch (RecordSyntaxException e) {
      ctx.add(CheckId.MTASTS_POLICY_INVALID, "Invalid MTA-STS policy: " + e.problem(), ev);
      return;
    }
    ctx.record(
        AuditSection.MTA_STS,
        "policy: mode "
            + policy.mode()
            + ", mx "
            + String.join(" ", policy.mx())
            + ", max_age "
            + policy.maxAgeSeconds());
    for (RecordIssue i : issues) {
      ctx.add(CheckId.MTASTS_POLICY_WARNING, "MTA-STS policy: " + i.message(), ev);
    }
    if (policy.mode().equals("none")) {
      return;
    }
    DnsAnswer<MxData> mx = ctx.dns.mx(ctx.domain);
    for (MxData m : mx.values()) {
      if (!m.isNullMx() && !policy.covers(m.exchange())) {
        ctx.add(
            CheckId.MTASTS_MX_NOT_COVERED,
            m.exchange() + " is not included in the MTA-STS" + " policy",
            List.of(ev.get(0), "policy mx: " + String.join(", ", policy.mx())));
      }
    }
  }
}
