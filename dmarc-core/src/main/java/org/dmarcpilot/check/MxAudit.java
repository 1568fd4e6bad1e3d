// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.IpAddresses;
import org.dmarcpilot.dns.MxData;

/** The MX part of the audit: the mail hosts, their addresses and reverse DNS; null MX. */
final class MxAudit {
  /** How many MX hosts are looked at. */
  static final int MAX_HOSTS = 10;

  /** How many addresses per host get a reverse DNS check. */
  static final int MAX_ADDRESSES = 4;

  private MxAudit() {}

  static void run(AuditContext ctx) {
    DnsAnswer<MxData> mx = ctx.dns.mx(ctx.domain);
    if (mx.status() == DnsStatus.TEMPFAIL || mx.status() == DnsStatus.NXDOMAIN) {
      return;
    }
    if (mx.status() == DnsStatus.NODATA) {
      ctx.record(AuditSection.MX, "(no MX record)");
      if (ctx.options.parked()) {
        ctx.add(
            CheckId.PARKED_NO_NULL_MX,
            "Parked domain without a null MX",
            "Publish: " + ctx.domain + ". MX 0 .",
            List.of(mx.describe()));
      } else {
        ctx.add(CheckId.MX_NONE, ctx.domain + " has no MX record", List.of(mx.describe()));
      }
      return;
    }
    List<MxData> records = new ArrayList<>(mx.values());
    records.sort(Comparator.comparingInt(MxData::preference));
    List<String> ev = new ArrayList<>();
    for (MxData m : records) {
      String line = ctx.domain + " MX " + m.presentation();
      ev.add(line);
      ctx.record(AuditSection.MX, line);
    }
    boolean nullMx = records.stream().anyMatch(MxData::isNullMx);
    if (nullMx) {
      if (records.size() > 1) {
        ctx.add(CheckId.MX_NULL_WITH_OTHERS, "A null MX is published with other MX records", ev);
      } else {
        ctx.add(CheckId.MX_NULL, ctx.domain + " accepts no mail (null MX)", ev);
        return;
      }
    }
    if (ctx.options.parked()) {
      ctx.add(
          CheckId.PARKED_MX,
          "Parked domain with MX records",
          "Replace them by: " + ctx.domain + ". MX 0 .",
          ev);
    }
    Set<String> seen = new HashSet<>();
    int hosts = 0;
    for (MxData m : records) {
      if (m.isNullMx()) {
        continue;
      }
      if (!seen.add(m.exchange())) {
        ctx.add(
            CheckId.MX_DUPLICATE_HOST, m.exchange() + " is listed in more than one MX record", ev);
        continue;
      }
      if (hosts++ >= MAX_HOSTS) {
        break;
      }
      if (!ctx.options.approvedMx().isEmpty()
          && !approved(ctx.options.approvedMx(), m.exchange())) {
        ctx.add(CheckId.MX_UNAPPROVED, "Unapproved mail host: " + m.exchange(), ev);
      }
      host(ctx, m.exchange(), ev);
    }
  }

  /** Whether a host is in a list of names (compared normalised). */
  static boolean approved(List<String> list, String host) {
    String h = org.dmarcpilot.dns.DomainNames.normalize(host);
    return list.stream().anyMatch(a -> org.dmarcpilot.dns.DomainNames.normalize(a).equals(h));
  }

  /** The name servers of the domain against the approved list. */
  static void nameServers(AuditContext ctx) {
    if (ctx.options.approvedNameServers().isEmpty()) {
      return;
    }
    DnsAnswer<org.dmarcpilot.dns.ResourceData> ns =
        ctx.dns.query(ctx.domain, org.dmarcpilot.dns.RecordType.NS);
    for (org.dmarcpilot.dns.ResourceData d : ns.values()) {
      if (d instanceof org.dmarcpilot.dns.NameData n
          && !approved(ctx.options.approvedNameServers(), n.name())) {
        ctx.add(
            CheckId.NS_UNAPPROVED,
            "Unapproved name server: " + n.name(),
            List.of(ctx.domain + " NS " + n.presentation()));
      }
    }
  }

  private static void host(AuditContext ctx, String host, List<String> ev) {
    if (IpAddresses.parse(host).isPresent()) {
      ctx.add(CheckId.MX_IP_LITERAL, "The MX record holds the address " + host, ev);
      return;
    }
    DnsAnswer<String> cname = ctx.dns.cname(host);
    if (cname.isOk()) {
      ctx.add(
          CheckId.MX_HOST_CNAME,
          host + " is an alias of " + cname.values().get(0),
          "Point the MX record at " + cname.values().get(0),
          List.of(cname.describe()));
    }
    DnsAnswer<InetAddress> a = ctx.dns.a(host);
    DnsAnswer<InetAddress> aaaa = ctx.dns.aaaa(host);
    if (a.status() == DnsStatus.TEMPFAIL || aaaa.status() == DnsStatus.TEMPFAIL) {
      return;
    }
    List<InetAddress> addresses = new ArrayList<>(a.values());
    addresses.addAll(aaaa.values());
    if (addresses.isEmpty()) {
      String hint =
          host.endsWith(".msv1.invalid")
              ? "This is a Microsoft 365 placeholder: verify domain ownership with a TXT record"
                  + " instead of an MX record, or point the MX at <domain>.mail.protection.outlook.com."
              : CheckId.MX_HOST_NO_ADDRESS.fix();
      ctx.add(
          CheckId.MX_HOST_NO_ADDRESS,
          host + " has no A or AAAA record",
          hint,
          List.of(a.describe(), aaaa.describe()));
      return;
    }
    SmtpTlsAudit.run(ctx, host, addresses);
    if (!ctx.options.reverseDns()) {
      return;
    }
    for (InetAddress ip : addresses.subList(0, Math.min(MAX_ADDRESSES, addresses.size()))) {
      DnsAnswer<String> ptr = ctx.dns.ptr(ip);
      if (ptr.status() == DnsStatus.TEMPFAIL) {
        continue;
      }
      if (!ptr.isOk()) {
        ctx.add(
            CheckId.MX_NO_PTR,
            ip.getHostAddress() + " (" + host + ") has no reverse DNS",
            List.of(ptr.describe()));
        continue;
      }
      boolean confirmed = false;
      for (String name : ptr.values()) {
        DnsAnswer<InetAddress> back =
            ip.getAddress().length == 4 ? ctx.dns.a(name) : ctx.dns.aaaa(name);
        if (back.values().contains(ip)) {
          confirmed = true;
          break;
        }
      }
      if (!confirmed) {
        ctx.add(
            CheckId.MX_PTR_MISMATCH,
            "The reverse DNS of "
                + ip.getHostAddress()
                + " is "
                + String.join(", ", ptr.values())
                + ", which does not resolve back to it",
            List.of(ptr.describe()));
      }
    }
  }
}
