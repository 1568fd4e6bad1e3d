// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DNS questions for the DMARC, SPF and DKIM logic. Every answer carries a {@link
 * DnsStatus}: OK, NXDOMAIN, NODATA or TEMPFAIL. Implementations never throw for DNS trouble; they
 * return {@link DnsStatus#TEMPFAIL} with a reason. CNAMEs are followed for every type except {@link
 * RecordType#CNAME} (bounded, loops are TEMPFAIL) and the aliases are reported in {@link
 * DnsAnswer#cnameChain()}.
 *
 * <p>Implementations are thread-safe. Two come with the library: {@link DnsjavaResolver} for real
 * DNS and {@link InMemoryDnsResolver} for tests and zone files.
 *
 * <pre>{@code
 * DnsResolver dns = InMemoryDnsResolver.fromZone("""
 *     _dmarc.example.com. TXT "v=DMARC1; p=reject"
 *     """);
 * dns.txt("_dmarc.example.com").values().get(0).text();   // v=DMARC1; p=reject
 * dns.txt("_dmarc.example.org").status();                 // NXDOMAIN
 * }</pre>
 */
public interface DnsResolver {

  /**
   * Asks one question.
   *
   * @param name a domain name, with or without the trailing dot, any case
   * @param type the record type
   * @return the answer; its values are {@link TxtData} for TXT and SPF, {@link AddressData} for A
   *     and AAAA, {@link MxData} for MX, {@link NameData} for CNAME, PTR and NS
   */
  DnsAnswer<ResourceData> query(String name, RecordType type);

  /**
   * Asks one question without waiting for the answer, so that many questions can be out at once
   * without a thread each. The future never fails: DNS trouble is {@link DnsStatus#TEMPFAIL}, as in
   * {@link #query}. Implementations that answer from memory complete it before returning (this
   * default asks {@link #query} on the calling thread); {@link DnsjavaResolver} completes it on its
   * own threads, so whatever is chained to it must not block.
   *
   * @param name a domain name, with or without the trailing dot, any case
   * @param type the record type
   * @return the answer, when it is known
   */
  default CompletableFuture<DnsAnswer<ResourceData>> queryAsync(String name, RecordType type) {
    return CompletableFuture.completedFuture(query(name, type));
  }

  /** The TXT records at a name; each keeps its character-strings. */
  default DnsAnswer<TxtData> txt(String name) {
    return query(name, RecordType.TXT).narrow(TxtData.class);
  }

  /** The IPv4 addresses of a name. */
  default DnsAnswer<InetAddress> a(String name) {
    return query(name, RecordType.A).narrow(AddressData.class).map(AddressData::address);
  }

  /** The IPv6 addresses of a name. */
  default DnsAnswer<InetAddress> aaaa(String name) {
    return query(name, RecordType.AAAA).narrow(AddressData.class).map(AddressData::address);
  }

  /** The MX records of a name, in the order received (sort by preference yourself). */
  default DnsAnswer<MxData> mx(String name) {
    return query(name, RecordType.MX).narrow(MxData.class);
  }

  /** The PTR names of an address ({@code in-addr.arpa} or {@code ip6.arpa}). */
  default DnsAnswer<String> ptr(InetAddress address) {
    return query(DomainNames.reverseName(address), RecordType.PTR)
        .narrow(NameData.class)
        .map(NameData::name);
  }

  /** {@link #ptr} without waiting (see {@link #queryAsync}). */
  default CompletableFuture<DnsAnswer<String>> ptrAsync(InetAddress address) {
    return queryAsync(DomainNames.reverseName(address), RecordType.PTR)
        .thenApply(a -> a.narrow(NameData.class).map(NameData::name));
  }

  /** {@link #a} without waiting (see {@link #queryAsync}). */
  default CompletableFuture<DnsAnswer<InetAddress>> aAsync(String name) {
    return queryAsync(name, RecordType.A)
        .thenApply(a -> a.narrow(AddressData.class).map(AddressData::address));
  }

  /** {@link #aaaa} without waiting (see {@link #queryAsync}). */
  default CompletableFuture<DnsAnswer<InetAddress>> aaaaAsync(String name) {
    return queryAsync(name, RecordType.AAAA)
        .thenApply(a -> a.narrow(AddressData.class).map(AddressData::address));
  }

  /** The CNAME target at a name itself, without following it. */
  default DnsAnswer<String> cname(String name) {
    return query(name, RecordType.CNAME).narrow(NameData.class).map(NameData::name);
  }
}
