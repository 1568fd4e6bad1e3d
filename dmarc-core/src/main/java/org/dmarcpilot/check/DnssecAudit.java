// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DnssecLookup;
import org.dmarcpilot.dns.MxData;
import org.dmarcpilot.dns.TlsaAnswer;
import org.dmarcpilot.dns.ZoneSigning;

/**
 * DNSSEC signing of the domain's zone (its own keys verify its signatures; no chain to the root, as
 * in checkdmarc), the SOA record, and DANE TLSA records at {@code _25._tcp.<mx>}.
 */
final class DnssecAudit {
  private DnssecAudit() {}

  static void run(AuditContext ctx) {
    DnssecLookup lookup = ctx.options.dnssec();
    if (lookup == null) {
      return;
    }
    ZoneSigning z = lookup.zoneSigning(ctx.domain);
    if (!z.soa().isEmpty()) {
      ctx.record(AuditSection.DOMAIN, z.soa() + soaContact(z.soa()));
    }
    switch (z.status()) {
      case SIGNED -> ctx.record(AuditSection.DNSSEC, z.zone() + ": signed, signatures verify");
      case UNSIGNED ->
          ctx.add(CheckId.DNSSEC_UNSIGNED, z.zone() + " is not signed with DNSSEC", z.evidence());
      case INVALID ->
          ctx.add(
              CheckId.DNSSEC_INVALID,
              "DNSSEC signatures of " + z.zone() + " do not verify: " + z.detail(),
              z.evidence());
      default -> ctx.otherFailures.add("DNSSEC check of " + z.zone() + ": " + z.detail());
    }
    tlsa(ctx, lookup);
  }

  private static void tlsa(AuditContext ctx, DnssecLookup lookup) {
    DnsAnswer<MxData> mx = ctx.dns.mx(ctx.domain);
    int n = 0;
    for (MxData m : mx.values()) {
      if (m.isNullMx() || n++ >= MxAudit.MAX_HOSTS) {
        continue;
      }
      TlsaAnswer t = lookup.tlsa("_25._tcp." + m.exchange());
      if (t.status() == DnsStatus.TEMPFAIL) {
        ctx.otherFailures.add(t.describe());
        continue;
      }
      if (t.status() != DnsStatus.OK) {
        continue;
      }
      List<String> ev = new ArrayList<>(List.of(t.describe()));
      ctx.record(AuditSection.MX, t.describe());
      if (t.signed()) {
        ctx.add(
            CheckId.MX_DANE_TLSA,
            m.exchange() + " publishes " + t.records().size() + " TLSA record(s) for DANE",
            ev);
      } else {
        ctx.add(
            CheckId.MX_TLSA_UNSIGNED,
            "The TLSA records of " + m.exchange() + " are not signed with DNSSEC",
            ev);
      }
    }
  }

  /** The SOA RNAME as an e-mail address: {@code hostmaster.example.com.} to hostmaster@... */
  static String soaContact(String soa) {
    String[] f = soa.split("\\s+");
    if (f.length < 4) {
      return "";
    }
    String rname = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
    int dot = -1;
    for (int i = 0; i < rname.length(); i++) {
      if (rname.charAt(i) == '\\') {
        i++;
      } else if (rname.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    if (dot <= 0) {
      return "";
    }
    return " (contact: "
        + rname.substring(0, dot).replace("\\.", ".")
        + "@"
        + rname.substring(dot + 1)
        + ")";
  }
}
