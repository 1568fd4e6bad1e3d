// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dmarcpilot.app.enrich.geoip.CsvLine;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * Measures the catalogue against parsedmarc's reverse-DNS map ({@code
 * ../shared/corpus/sender-maps/parsedmarc/base_reverse_dns_map.csv}, CC BY-SA 4.0). The map is read
 * here and never copied.
 *
 * <p>The figure: of the map's base domains whose organisation is a service our catalogue names
 * (matched on the service's name or an alias), the share that our catalogue's PTR suffixes identify
 * as that same service. It is printed, and a floor keeps it from silently dropping.
 */
class CatalogueCoverageTest {
  /**
   * Floors under the figures measured when they were set: 87 of 264 base domains (33.0 %); the
   * services with at least one domain recognised, see {@link #SERVICE_FLOOR}. The map names the
   * organisation of any host (web sites, corporate networks, per-IP host names); the catalogue
   * lists outbound mail hosts only, from the vendors' documentation, so the domain figure is low by
   * design. Missed domains are not copied from the map into the catalogue.
   */
  private static final double FLOOR = 0.30;

  /** 67 of 84 services (79.8 %) when set. */
  private static final double SERVICE_FLOOR = 0.75;

  record Row(String baseDomain, String name, String type) {}

  @Test
  void ptrCoverage_ofTheServicesTheCatalogueNames() throws IOException {
    Path csv = Corpus.require("sender-maps/parsedmarc/base_reverse_dns_map.csv");
    List<Row> rows = read(csv);
    assertThat(rows).hasSizeGreaterThan(30_000);
    SenderCatalogue catalogue = SenderCatalogue.builtIn();

    Map<String, SendingService> byName = new HashMap<>();
    for (SendingService s : catalogue.services()) {
      byName.put(s.name().toLowerCase(Locale.ROOT), s);
      for (String alias : s.aliases()) {
        byName.put(alias.toLowerCase(Locale.ROOT), s);
      }
    }
    int named = 0;
    int covered = 0;
    TreeSet<String> servicesInMap = new TreeSet<>();
    TreeSet<String> servicesRecognised = new TreeSet<>();
    Map<String, List<String>> missed = new TreeMap<>();
    int anyService = 0;
    for (Row row : rows) {
      if (!catalogue.byPtr(row.baseDomain()).isEmpty()) {
        anyService++;
      }
      SendingService s = byName.get(row.name().toLowerCase(Locale.ROOT));
      if (s == null) {
        continue;
      }
      named++;
      servicesInMap.add(s.id());
      if (catalogue.byPtr(row.baseDomain()).contains(s)) {
        covered++;
        servicesRecognised.add(s.id());
      } else {
        missed.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(row.baseDomain());
      }
    }
    double coverage = named == 0 ? 0 : (double) covered / named;
    double serviceCoverage =
        servicesInMap.isEmpty() ? 0 : (double) servicesRecognised.size() / servicesInMap.size();
    System.out.printf(
        Locale.ROOT,
        "catalogue PTR coverage vs parsedmarc map: %d of %d base domains (%.1f %%) of the %d"
            + " catalogued services the map names; services with at least one domain recognised:"
            + " %d of %d (%.1f %%); map rows naming any catalogued service: %d of %d; missed: %s%n",
        covered,
        named,
        100.0 * coverage,
        servicesInMap.size(),
        servicesRecognised.size(),
        servicesInMap.size(),
        100.0 * serviceCoverage,
        anyService,
        rows.size(),
        missed);
    assertThat(servicesInMap).hasSizeGreaterThanOrEqualTo(25);
    assertThat(coverage).isGreaterThanOrEqualTo(FLOOR);
    assertThat(serviceCoverage).isGreaterThanOrEqualTo(SERVICE_FLOOR);
  }

  /** A small RFC 4180 reader: quoted fields, doubled quotes; three columns. */
  static List<Row> read(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      assertThat(header).isEqualTo("base_reverse_dns,name,type");
      String line;
      while ((line = r.readLine()) != null) {
        List<String> f = CsvLine.fields(line);
        if (f.size() == 3) {
          rows.add(new Row(f.get(0).toLowerCase(Locale.ROOT), f.get(1).strip(), f.get(2)));
        }
      }
    }
    return rows;
  }
}
