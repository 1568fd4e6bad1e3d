// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.TxtData;
import org.dmarcpilot.internal.TagValueList;
import org.dmarcpilot.policy.DmarcRecord;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PolicyOutcome;
import org.dmarcpilot.spf.SpfRecord;
import org.jspecify.annotations.Nullable;

/**
 * The TXT records of MTA-STS (RFC 8461 §3.1, {@code _mta-sts}), SMTP TLS reporting (RFC 8460 §3,
 * {@code _smtp._tls}) and BIMI ({@code default._bimi}). The MTA-STS policy file and the BIMI logo
 * and certificate are fetched only when the options give a source for them.
 */
final class MailPolicyAudit {
  private MailPolicyAudit() {}

  static void run(AuditContext ctx) {
    mtaSts(ctx);
    tlsRpt(ctx);
    bimi(ctx);
  }

  /** The records at a name, split into those of the wanted version and the rest. */
  private record Split(DnsAnswer<TxtData> answer, List<TxtData> matching, List<TxtData> others) {}

  private static @Nullable Split split(AuditContext ctx, String name, String version) {
    DnsAnswer<TxtData> answer = ctx.dns.txt(name);
    if (answer.status() == DnsStatus.TEMPFAIL) {
      return null;
    }
    List<TxtData> matching = new ArrayList<>();
    List<TxtData> others = new ArrayList<>();
    for (TxtData t : answer.values()) {
      String lower = t.text().strip().toLowerCase(Locale.ROOT).replace(" ", "");
      (lower.startsWith("v=" + version.toLowerCase(Locale.ROOT)) ? matching : others).add(t);
    }
    return new Split(answer, matching, others);
  }

  /** Parses a tag list whose first tag must be {@code v=<version>}; returns the problem or null. */
  private static @Nullable String tags(String text, String version, Map<String, String> out) {
    if (!text.equals(text.stripLeading())) {
      return "the record starts with whitespace";
    }
    TagValueList list = TagValueList.parse(text);
    if (!list.problems().isEmpty()) {
      return list.problems().get(0).message();
    }
    if (list.tags().isEmpty()
        || !list.tags().get(0).name().equals("v")
        || !list.tags().get(0).value().equals(version)) {
      return "the record must start with v=" + version + " (exactly, case-sensitive)";
    }
    for (TagValueList.Tag t : list.tags()) {
      if (out.putIfAbsent(t.name(), t.value()) != null) {
        return "duplicate tag " + t.name();
      }
    }
    return null;
  }

  private static void mtaSts(AuditContext ctx) {
    String name = "_mta-sts." + ctx.domain;
    Split s = split(ctx, name, "STSv1");
    if (s == null) {
      return;
    }
    others(ctx, s, CheckId.MTASTS_UNRELATED, null);
    apexMisplaced(ctx, "v=STSv1", CheckId.MTASTS_SYNTAX, name);
    if (s.matching().isEmpty()) {
      if (s.others().isEmpty()) {
        ctx.add(
            CheckId.MTASTS_NONE, "No MTA-STS record at " + name, List.of(s.answer().describe()));
      }
      return;
    }
    if (s.matching().size() > 1) {
      ctx.add(
          CheckId.MTASTS_MULTIPLE,
          s.matching().size() + " MTA-STS records at " + name,
          AuditContext.evidence(s.answer()));
      return;
    }
    TxtData t = s.matching().get(0);
    List<String> ev = List.of(AuditContext.evidence(name, t));
    ctx.record(AuditSection.MTA_STS, ev.get(0));
    Map<String, String> tags = new HashMap<>();
    String problem = tags(t.text(), "STSv1", tags);
    String id = tags.get("id");
    if (problem == null && id == null) {
      problem = "the id tag is missing";
    } else if (problem == null && !id.matches("[A-Za-z0-9]{1,32}")) {
      problem = "id must be 1 to 32 letters or digits, not \"" + id + "\"";
    }
    if (problem != null) {
      ctx.add(CheckId.MTASTS_SYNTAX, "Invalid MTA-STS record: " + problem, ev);
      return;
    }
    MtaStsPolicySource source = ctx.options.mtaStsPolicies();
    if (source == null) {
      ctx.add(
          CheckId.MTASTS_POLICY_NOT_CHECKED,
          "MTA-STS is announced (id=" + id + "); the policy file was not fetched",
          List.of(ev.get(0), "policy: https://mta-sts." + ctx.domain + "/.well-known/mta-sts.txt"));
      return;
    }
    MtaStsPolicyAudit.run(ctx, source.fetch(ctx.domain));
  }

  private static void tlsRpt(AuditContext ctx) {
    String name = "_smtp._tls." + ctx.domain;
    Split s = split(ctx, name, "TLSRPTv1");
    if (s == null) {
      return;
    }
    others(ctx, s, CheckId.TLSRPT_UNRELATED, CheckId.TLSRPT_SPF);
    apexMisplaced(ctx, "v=TLSRPTv1", CheckId.TLSRPT_SYNTAX, name);
    if (s.matching().isEmpty()) {
      if (s.others().isEmpty()) {
        ctx.add(
            CheckId.TLSRPT_NONE, "No TLS-RPT record at " + name, List.of(s.answer().describe()));
      }
      return;
    }
    if (s.matching().size() > 1) {
      ctx.add(
          CheckId.TLSRPT_MULTIPLE,
          s.matching().size() + " TLS-RPT records at " + name,
          AuditContext.evidence(s.answer()));
      return;
    }
    TxtData t = s.matching().get(0);
    List<String> ev = List.of(AuditContext.evidence(name, t));
    ctx.record(AuditSection.TLS_RPT, ev.get(0));
    Map<String, String> tags = new HashMap<>();
    String problem = tags(t.text(), "TLSRPTv1", tags);
    if (problem == null && !tags.containsKey("rua")) {
      problem = "the rua tag (where to send reports) is missing";
    }
    if (problem == null) {
      for (String uri : tags.get("rua").split(",", -1)) {
        String u = uri.strip().toLowerCase(Locale.ROOT);
        if (!(u.startsWith("mailto:") && u.indexOf('@') > 7) && !u.startsWith("https://")) {
          problem = "\"" + uri.strip() + "\" is not a mailto: or https: URI";
          break;
        }
      }
    }
    if (problem != null) {
      ctx.add(CheckId.TLSRPT_SYNTAX, "Invalid TLS-RPT record: " + problem, ev);
    }
  }

  private static void bimi(AuditContext ctx) {
    String name = "default._bimi." + ctx.domain;
    Split s = split(ctx, name, "BIMI1");
    if (s == null) {
      return;
    }
    if (s.matching().isEmpty()) {
      noneFound(
          ctx, CheckId.BIMI_NONE, "No BIMI record at " + name, List.of(s.answer().describe()));
      return;
    }
    if (s.matching().size() > 1) {
      ctx.add(
          CheckId.BIMI_MULTIPLE,
          s.matching().size() + " BIMI records at " + name,
          AuditContext.evidence(s.answer()));
      return;
    }
    TxtData t = s.matching().get(0);
    List<String> ev = List.of(AuditContext.evidence(name, t));
    ctx.record(AuditSection.BIMI, ev.get(0));
    Map<String, String> tags = new HashMap<>();
    String problem = tags(t.text(), "BIMI1", tags);
    if (problem == null
        && tags.containsKey("avp")
        && !List.of("brand", "personal").contains(tags.get("avp").toLowerCase(Locale.ROOT))) {
      problem = "avp must be brand or personal, not \"" + tags.get("avp") + "\"";
    }
    if (problem == null && !tags.containsKey("l")) {
      problem = "the l tag (logo location) is missing";
    }
    if (problem != null) {
      ctx.add(CheckId.BIMI_SYNTAX, "Invalid BIMI record: " + problem, ev);
      return;
    }
    String l = tags.get("l");
    String a = tags.getOrDefault("a", "");
    for (String[] url : new String[][] {{"l", l}, {"a", a}}) {
      if (!url[1].isEmpty() && !url[1].toLowerCase(Locale.ROOT).startsWith("https://")) {
        ctx.add(CheckId.BIMI_NOT_HTTPS, url[0] + "= is not an https URL: " + url[1], ev);
      }
    }
    if (l.isEmpty() && a.isEmpty()) {
      return; // a declination to publish a logo
    }
    if (a.isEmpty()) {
      ctx.add(CheckId.BIMI_NO_CERTIFICATE, "The BIMI record has no mark certificate (a=)", ev);
    }
    dmarcForBimi(ctx, ev);
    BimiAssetsAudit.run(ctx, l, a, ev);
  }

  private static void dmarcForBimi(AuditContext ctx, List<String> ev) {
    PolicyOutcome policy = ctx.policy;
    if (policy == null || policy.status() == org.dmarcpilot.policy.DiscoveryStatus.TEMPFAIL) {
      return;
    }
    DmarcRecord r = policy.record();
    String why = null;
    if (r == null) {
      why = "there is no DMARC record";
    } else if (policy.requestedPolicy().orElse(Policy.NONE) == Policy.NONE) {
      why = "the DMARC policy is none";
    } else if (r.subdomainPolicy() == Policy.NONE) {
      why = "the subdomain policy is sp=none";
    } else if (r.testing()) {
      why = "the DMARC policy is in testing mode (t=y)";
    } else if (r.legacyPercent().isPresent() && r.legacyPercent().getAsInt() < 100) {
      why = "pct=" + r.legacyPercent().getAsInt() + " applies the policy to only part of the mail";
    }
    if (why != null) {
      ctx.add(CheckId.BIMI_DMARC_NOT_ENFORCED, "BIMI logos are not shown: " + why, ev);
    }
  }

  /** A missing optional record: worth a note, except for a parked domain. */
  private static void noneFound(AuditContext ctx, CheckId id, String title, List<String> ev) {
    if (!ctx.options.parked()) {
      ctx.add(id, title, ev);
    }
  }

  private static void others(AuditContext ctx, Split s, CheckId unrelated, @Nullable CheckId spf) {
    for (TxtData t : s.others()) {
      String ev = AuditContext.evidence(s.answer().name(), t);
      if (spf != null && SpfRecord.isSpf(t.text())) {
        ctx.add(spf, "An SPF record is published at " + s.answer().name(), List.of(ev));
      } else {
        ctx.add(
            unrelated,
            "A TXT record at " + s.answer().name() + " is not the expected record",
            List.of(ev));
      }
    }
  }

  /** A record of this kind published at the domain itself instead of its own name. */
  private static void apexMisplaced(AuditContext ctx, String prefix, CheckId id, String name) {
    for (TxtData t : ctx.apexTxt().values()) {
      if (t.text().strip().startsWith(prefix)) {
        ctx.add(
            id,
            "A " + prefix + " record is published at " + ctx.domain + " instead of " + name,
            "Publish it at " + name + " and delete it at " + ctx.domain,
            List.of(AuditContext.evidence(ctx.domain, t)));
      }
    }
  }
}
