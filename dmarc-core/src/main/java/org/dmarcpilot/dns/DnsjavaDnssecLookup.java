// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnssecLookup} over real DNS with dnsjava: asks over TCP with the DNSSEC OK bit set, the
 * servers of a {@link DnsResolverConfig} (or the system's), and checks RRSIG signatures with {@link
 * DNSSEC#verify}. At most {@value #MAX_VERIFICATIONS} signature checks per RRset, so a hostile
 * answer with many keys and signatures costs little. Thread-safe.
 */
public final class DnsjavaDnssecLookup implements DnssecLookup {
  /** The most signature/key pairs tried for one RRset. */
  public static final int MAX_VERIFICATIONS = 16;

  private final DnsResolverConfig config;
  private final Clock clock;

  /**
   * @param config the servers and the timeout per attempt (retries and cache are not used)
   * @param clock the time signatures must be valid at
   */
  public DnsjavaDnssecLookup(DnsResolverConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ZoneSigning zoneSigning(String name) {
    String n = DomainNames.normalize(name);
    List<String> ev = new ArrayList<>();
    Name qname;
    try {
      qname = Name.fromString(n + ".");
    } catch (TextParseException e) {
      return new ZoneSigning(n, n, DnssecStatus.TEMPFAIL, "invalid name", "", ev);
    }
    Message soaAnswer;
    try {
      soaAnswer = ask(qname, Type.SOA);
    } catch (IOException e) {
      return new ZoneSigning(n, n, DnssecStatus.TEMPFAIL, n + " SOA: " + e.getMessage(), "", ev);
    }
    if (soaAnswer.getRcode() != Rcode.NOERROR) {
      return new ZoneSigning(
          n, n, DnssecStatus.TEMPFAIL, n + " SOA -> " + Rcode.string(soaAnswer.getRcode()), "", ev);
    }
    RRset soa = rrset(soaAnswer, Section.ANSWER, Type.SOA);
    if (soa == null) {
      soa = rrset(soaAnswer, Section.AUTHORITY, Type.SOA);
    }
    if (soa == null) {
      return new ZoneSigning(n, n, DnssecStatus.TEMPFAIL, "no SOA record for " + n, "", ev);
    }
    Name zoneName = soa.getName();
    String zone = text(zoneName);
    String soaText = zone + " SOA " + soa.first().rdataToString();
    ev.add(soaText + " (" + soa.sigs().size() + " RRSIG)");
    Message keyAnswer;
    try {
      keyAnswer = ask(zoneName, Type.DNSKEY);
    } catch (IOException e) {
      return new ZoneSigning(
          n, zone, DnssecStatus.TEMPFAIL, zone + " DNSKEY: " + e.getMessage(), soaText, ev);
    }
    RRset keys = rrset(keyAnswer, Section.ANSWER, Type.DNSKEY);
    if (keyAnswer.getRcode() != Rcode.NOERROR) {
      return new ZoneSigning(
          n,
          zone,
          DnssecStatus.TEMPFAIL,
          zone + " DNSKEY -> " + Rcode.string(keyAnswer.getRcode()),
          soaText,
          ev);
    }
    if (keys == null) {
      ev.add(zone + " DNSKEY -> none");
      return new ZoneSigning(n, zone, DnssecStatus.UNSIGNED, "", soaText, ev);
    }
    ev.add(zone + " DNSKEY -> " + keys.size() + " keys, " + keys.sigs().size() + " RRSIG");
    List<DNSKEYRecord> zoneKeys = new ArrayList<>();
    for (org.xbill.DNS.Record r : keys.rrs()) {
      if (r instanceof DNSKEYRecord k && (k.getFlags() & DNSKEYRecord.Flags.ZONE_KEY) != 0) {
        zoneKeys.add(k);
      }
    }
    Instant now = clock.instant();
    String keyProblem = verify(keys, zoneKeys, now);
    String soaProblem = verify(soa, zoneKeys, now);
    if (keyProblem != null) {
      return new ZoneSigning(n, zone, DnssecStatus.INVALID, "DNSKEY: " + keyProblem, soaText, ev);
    }
    if (soaProblem != null) {
      return new ZoneSigning(n, zone, DnssecStatus.INVALID, "SOA: " + soaProblem, soaText, ev);
    }
    return new ZoneSigning(n, zone, DnssecStatus.SIGNED, "", soaText, ev);
  }

  @Override
  public TlsaAnswer tlsa(String name) {
    String n = DomainNames.normalize(name);
    try {
      Message m = ask(Name.fromString(n + "."), Type.TLSA);
      if (m.getRcode() == Rcode.NXDOMAIN) {
        return new TlsaAnswer(n, DnsStatus.NXDOMAIN, List.of(), false, "");
      }
      if (m.getRcode() != Rcode.NOERROR) {
        return new TlsaAnswer(n, DnsStatus.TEMPFAIL, List.of(), false, Rcode.string(m.getRcode()));
      }
      RRset set = rrset(m, Section.ANSWER, Type.TLSA);
      if (set == null) {
        return new TlsaAnswer(n, DnsStatus.NODATA, List.of(), false, "");
      }
      List<String> out = new ArrayList<>();
      for (org.xbill.DNS.Record r : set.rrs()) {
        if (r instanceof TLSARecord t && out.size() < 32) {
          out.add(t.rdataToString().toLowerCase(Locale.ROOT));
        }
      }
      return out.isEmpty()
          ? new TlsaAnswer(n, DnsStatus.NODATA, List.of(), false, "")
          : new TlsaAnswer(n, DnsStatus.OK, out, !set.sigs().isEmpty(), "");
    } catch (TextParseException e) {
      return new TlsaAnswer(n, DnsStatus.TEMPFAIL, List.of(), false, "invalid name");
    } catch (IOException e) {
      return new TlsaAnswer(
          n, DnsStatus.TEMPFAIL, List.of(), false, String.valueOf(e.getMessage()));
    }
  }

  /** Why no signature of the RRset verifies with the keys, or null when one does. */
  private static @Nullable String verify(RRset set, List<DNSKEYRecord> keys, Instant now) {
    if (set.sigs().isEmpty()) {
      return "no RRSIG signature on " + text(set.getName()) + " " + Type.string(set.getType());
    }
    if (keys.isEmpty()) {
      return "no zone key in the DNSKEY set";
    }
    String problem = "no DNSKEY matches the RRSIG key tag";
    int tries = 0;
    for (RRSIGRecord sig : set.sigs()) {
      for (DNSKEYRecord key : keys) {
        if (key.getFootprint() != sig.getFootprint() || key.getAlgorithm() != sig.getAlgorithm()) {
          continue;
        }
        if (++tries > MAX_VERIFICATIONS) {
          return problem;
        }
        try {
          DNSSEC.verify(set, sig, key, now);
          return null;
        } catch (DNSSEC.DNSSECException | RuntimeException e) {
          problem = "RRSIG by key " + sig.getFootprint() + ": " + e.getMessage();
        }
      }
    }
    return problem;
  }

  private static @Nullable RRset rrset(Message m, int section, int type) {
    for (RRset s : m.getSectionRRsets(section)) {
      if (s.getType() == type) {
        return s;
      }
    }
    return null;
  }

  private Message ask(Name name, int type) throws IOException {
    List<InetSocketAddress> servers = config.servers();
    if (servers.isEmpty()) {
      servers = ResolverConfig.getCurrentConfig().servers();
    }
    if (servers.isEmpty()) {
      throw new IOException("no DNS server configured");
    }
    IOException last = null;
    for (InetSocketAddress server : servers) {
      SimpleResolver r = new SimpleResolver(server);
      r.setTCP(true);
      r.setTimeout(config.timeout());
      Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
      r.setEDNS(new OPTRecord(DnsResolverConfig.DEFAULT_EDNS_PAYLOAD, 0, 0, ExtendedFlags.DO));
      try {
        return r.send(q);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException(
        "no answer from " + servers + (last == null ? "" : ": " + last.getMessage()));
  }

  private static String text(Name n) {
    return n.toString(true).toLowerCase(Locale.ROOT);
  }
}
