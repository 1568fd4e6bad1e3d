// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainAnalyzer;
import org.dmarcpilot.app.analysis.StoreOwnerMarks;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.enrich.geoip.GeoFacts;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.DomainRows;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's analysis over a {@link ReportStore}: rows streamed by {@link DomainRows}, facts
 * from the enrichment cache ({@link StoreIpFactsCache}, expired facts included) with GeoIP for
 * addresses not enriched yet, the owner's marks in the store, organisational domains from the
 * public suffix list (no DNS on the request path).
 */
public final class StoreAnalyses {
  private StoreAnalyses() {}

  /**
   * The analysis service; close it after use.
   *
   * @param store the store
   * @param geo GeoIP data ({@link GeoIp#absent()} without)
   * @param thresholds the advisor's thresholds, read at each computation
   * @param currentRecord a domain's current DMARC record text, or null
   * @param clock today
   */
  public static DomainAnalyses open(
      ReportStore store,
      GeoIp geo,
      Supplier<AdvisorThresholds> thresholds,
      Function<String, @Nullable String> currentRecord,
      Clock clock) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(geo, "geo");
    StoreIpFactsCache cache = new StoreIpFactsCache(store);
    return new DomainAnalyses(
        (domain, from, to, sink) ->
            DomainRows.stream(
                store,
                domain,
                from,
                to,
                (h, row) -> sink.row(h.orgName(), h.begin(), h.end(), h.policy(), row)),
        cache::ofDomain,
        ip -> geoOnly(geo, ip),
        new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
        new ServiceIdentifier(SenderCatalogue.builtIn()),
        new StoreOwnerMarks(store),
        thresholds,
        currentRecord,
        clock,
        DomainAnalyzer.DEFAULT_LISTED);
  }

  /**
   * What the pages show of an address: the enrichment cache's facts, expired or not; else GeoIP
   * alone when it knows the address.
   */
  public static SourceFacts facts(ReportStore store, GeoIp geo) {
    StoreIpFactsCache cache = new StoreIpFactsCache(store);
    return ip -> {
      IpFacts f = cache.find(List.of(ip), Instant.EPOCH).get(ip);
      if (f != null) {
        return Optional.of(f);
      }
      IpFacts g = geoOnly(geo, ip);
      return g.asn() == null && g.country() == null ? Optional.empty() : Optional.of(g);
    };
  }

  /** The facts GeoIP alone gives (no reverse DNS). */
  static IpFacts geoOnly(GeoIp geo, InetAddress ip) {
    GeoFacts g = geo.lookup(ip);
    return new IpFacts(
        ip,
        ReverseDnsStatus.NOT_LOOKED_UP,
        null,
        null,
        false,
        g.asn(),
        g.asOrganization(),
        g.country());
  }
}
