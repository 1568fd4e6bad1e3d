// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.AnalysisService;
import org.dmarcpilot.app.analysis.OrganizationalDomains;
import org.dmarcpilot.app.analysis.PolicySimulator;
import org.dmarcpilot.app.analysis.StoreOwnerMarks;
import org.dmarcpilot.app.analysis.StoreReportFeed;
import org.dmarcpilot.app.enrich.DnsReverseLookups;
import org.dmarcpilot.app.enrich.Enrichment;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ReverseDnsEnricher;
import org.dmarcpilot.app.enrich.ReverseDnsStatus;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.StoreIpFactsCache;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.enrich.geoip.GeoFacts;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsResolverConfig;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.dmarcpilot.policy.OrgDomainDiscovery;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options the analysis commands share, and the wiring of {@link AnalysisService} from them. */
public final class AnalysisOptions {
  @Option(
      names = "--dns",
      paramLabel = "HOST[:PORT]",
      description = "DNS server for reverse DNS and the current record (default: the system's).")
  @Nullable String dns;

  @Option(
      names = "--offline",
      description = "No DNS at all: no reverse DNS, no record lookup (GeoIP data is still used).")
  boolean offline;

  @Option(
      names = "--rdns-parallelism",
      paramLabel = "N",
      defaultValue = "64",
      description = "Reverse-DNS lookups in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism = ReverseDnsEnricher.DEFAULT_IN_FLIGHT;

  /** A started analysis: the service and what must be closed after it. */
  record Wired(
      AnalysisService service,
      @Nullable DnsResolver dns,
      boolean geoData,
      AutoCloseable resources) {}

  /** Wires the service over an open store; the caller closes {@link Wired#resources()}. */
  Wired wire(ReportStore store, AppConfig config, Duration window) throws IOException {
    GeoIp geo = GeoIp.open(config.dataDir().resolve("geoip"));
    var psl = PublicSuffixList.guava();
    DnsResolver resolver = null;
    ReverseDnsEnricher enricher = null;
    Function<Collection<InetAddress>, Map<InetAddress, IpFacts>> enrich;
    Function<String, String> orgDomain;
    if (offline) {
      orgDomain = psl::organizationalDomain;
      enrich =
          ips -> {
            Map<InetAddress, IpFacts> m = new HashMap<>();
            for (InetAddress ip : ips) {
              GeoFacts g = geo.lookup(ip);
              m.put(
                  ip,
                  new IpFacts(
                      ip,
                      ReverseDnsStatus.NOT_LOOKED_UP,
                      null,
                      null,
                      false,
                      g.asn(),
                      g.asOrganization(),
                      g.country()));
            }
            return m;
          };
    } else {
      DnsResolverConfig dc = DnsResolverConfig.defaults();
      if (dns != null) {
        dc = dc.withServers(List.of(DnsResolverConfig.parseServer(dns)));
      }
      resolver = new DnsjavaResolver(dc, Clock.systemUTC());
      orgDomain = new OrganizationalDomains(OrgDomainDiscovery.treeWalk(resolver), psl);
      enricher =
          new ReverseDnsEnricher(
              new DnsReverseLookups(resolver),
              psl::organizationalDomain,
              geo,
              parallelism,
              ReverseDnsEnricher.DEFAULT_TIMEOUT);
      Enrichment enrichment =
          new Enrichment(enricher, new StoreIpFactsCache(store), Clock.systemUTC());
      enrich = ips -> enrichment.enrich(ips).facts();
    }
    AdvisorThresholds t =
        new AdvisorThresholds(
            Double.parseDouble(config.get("advisor.min-aligned-share", "0.98")),
            window,
            Integer.parseInt(config.get("advisor.min-reporters", "3")),
            Double.parseDouble(config.get("advisor.max-unknown-share", "0.01")));
    AnalysisService service =
        new AnalysisService(
            new StoreReportFeed(store),
            enrich,
            new ServiceIdentifier(SenderCatalogue.builtIn()),
            new AlignmentEvaluator(orgDomain),
            new StoreOwnerMarks(store),
            new PolicySimulator(d -> true),
            t,
            Clock.systemUTC());
    ReverseDnsEnricher e = enricher;
    return new Wired(
        service,
        resolver,
        geo.hasCountryData() || geo.hasAsnData(),
        () -> {
          if (e != null) {
            e.close();
          }
          geo.close();
        });
  }

  /**
   * Parses a {@code --since} value: {@code 30d}, {@code 12h}, {@code 2w} before now, or a UTC date
   * {@code YYYY-MM-DD}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static Instant since(String text, Instant now) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.length() >= 2 && t.length() <= 6) {
      char unit = t.charAt(t.length() - 1);
      String num = t.substring(0, t.length() - 1);
      if (num.chars().allMatch(Character::isDigit)) {
        long n = Long.parseLong(num);
        switch (unit) {
          case 'h':
            return now.minus(Duration.ofHours(n));
          case 'd':
            return now.minus(Duration.ofDays(n));
          case 'w':
            return now.minus(Duration.ofDays(7 * n));
          default:
            break;
        }
      }
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since: \"" + text + "\" is neither a duration (30d, 12h, 2w) nor a date (YYYY-MM-DD)");
    }
  }
}
