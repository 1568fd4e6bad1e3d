// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import com.google.common.net.InetAddresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts ip-location-db ASN CSV files ({@code ip_range_start,ip_range_end,
 * autonomous_system_number,autonomous_system_organization}, inclusive ranges) into an MMDB in the
 * GeoLite2-ASN layout. Lines longer than {@value #MAX_LINE} characters or with bad fields are
 * counted and skipped; more than 1 % bad lines fail the conversion.
 */
final class AsnCsv {
  static final int MAX_LINE = 4096;

  private AsnCsv() {}

  /** The rows converted and skipped. */
  record Counts(long rows, long skipped) {}

  static Counts convert(List<Path> csvFiles, MmdbWriter writer) throws IOException {
    long rows = 0;
    long skipped = 0;
    for (Path csv : csvFiles) {
      try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty()) {
            continue;
          }
          List<String> f = line.length() > MAX_LINE ? List.of() : CsvLine.fields(line);
          if (f.size() < 3
              || !InetAddresses.isInetAddress(f.get(0))
              || !InetAddresses.isInetAddress(f.get(1))) {
            skipped++;
            continue;
          }
          long asn;
          try {
            asn = Long.parseLong(f.get(2).strip());
          } catch (NumberFormatException e) {
            skipped++;
            continue;
          }
          InetAddress first = InetAddresses.forString(f.get(0));
          InetAddress last = InetAddresses.forString(f.get(1));
          if (asn <= 0 || asn > 0xFFFF_FFFFL || first.getClass() != last.getClass()) {
            skipped++;
            continue;
          }
          String org = f.size() > 3 ? f.get(3).strip() : "";
          Map<String, Object> value =
              org.isEmpty()
                  ? Map.of("autonomous_system_number", asn)
                  : Map.of("autonomous_system_number", asn, "autonomous_system_organization", org);
          try {
            writer.insertRange(first, last, value);
          } catch (IllegalArgumentException e) {
            skipped++;
            continue;
          }
          rows++;
        }
      }
    }
    if (rows == 0 || skipped > rows / 100 + 10) {
      throw new IOException(
          "ASN CSV: " + rows + " rows read, " + skipped + " unreadable: not the expected format");
    }
    return new Counts(rows, skipped);
  }
}
