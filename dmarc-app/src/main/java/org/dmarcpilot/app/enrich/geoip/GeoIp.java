// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Country and ASN lookups in MaxMind-format databases: {@value #COUNTRY_FILE} and {@value
 * #ASN_FILE} in a directory ({@code <data dir>/geoip}). Either may be absent; lookups then say so
 * and enrichment goes on without them. Both the GeoIP2/GeoLite2/DB-IP layouts ({@code
 * country.iso_code}) and the flat ip-location-db layout ({@code country_code}) are read.
 * Thread-safe.
 */
public final class GeoIp implements Closeable {
  /** The country database file name. */
  public static final String COUNTRY_FILE = "country.mmdb";

  /** The ASN database file name. */
  public static final String ASN_FILE = "asn.mmdb";

  /** The attribution to show wherever countries or ASNs from the installed DB-IP data appear. */
  public static final String ATTRIBUTION =
      "IP geolocation by DB-IP (https://db-ip.com), licensed CC BY 4.0";

  private final @Nullable Reader country;
  private final @Nullable Reader asn;

  private GeoIp(@Nullable Reader country, @Nullable Reader asn) {
    this.country = country;
    this.asn = asn;
  }

  /** No databases: every lookup says the data is absent. */
  public static GeoIp absent() {
    return new GeoIp(null, null);
  }

  /**
   * Opens the databases found in a directory (a missing directory or file is not an error).
   *
   * @throws IOException if a file exists but is not a readable MaxMind database
   */
  public static GeoIp open(Path dir) throws IOException {
    Reader c = openIfPresent(dir.resolve(COUNTRY_FILE));
    Reader a;
    try {
      a = openIfPresent(dir.resolve(ASN_FILE));
    } catch (IOException e) {
      if (c != null) {
        c.close();
      }
      throw e;
    }
    return new GeoIp(c, a);
  }

  private static @Nullable Reader openIfPresent(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new Reader(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": not a MaxMind database: " + e.getMessage(), e);
    }
  }

  /** Whether a country database is installed. */
  public boolean hasCountryData() {
    return country != null;
  }

  /** Whether an ASN database is installed. */
  public boolean hasAsnData() {
    return asn != null;
  }

  /** Looks an address up; fields are null where the data is absent or has no entry. */
  public GeoFacts lookup(InetAddress ip) {
    String cc = null;
    Long as = null;
    String org = null;
    if (country != null) {
      Map<?, ?> rec = get(country, ip);
      if (rec != null) {
        Object flat = rec.get("country_code");
        if (flat instanceof String s) {
          cc = s;
        } else if (rec.get("country") instanceof Map<?, ?> c
            && c.get("iso_code") instanceof String s) {
          cc = s;
        }
      }
    }
    if (asn != null) {
      Map<?, ?> rec = get(asn, ip);
      if (rec != null) {
        if (rec.get("autonomous_system_number") instanceof Number n) {
          as = n.longValue();
        }
        if (rec.get("autonomous_system_organization") instanceof String s) {
          org = s;
        }
      }
    }
    return new GeoFacts(
        cc == null ? null : cc.toUpperCase(Locale.ROOT), as, org, country != null, asn != null);
  }

  private static @Nullable Map<?, ?> get(Reader reader, InetAddress ip) {
    try {
      return reader.get(ip, Map.class);
    } catch (IOException | RuntimeException e) {
      // a corrupt entry is no data for this address, not a failed enrichment
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (country != null) {
        country.close();
      }
    } finally {
      if (asn != null) {
        asn.close();
      }
    }
  }
}
