// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpTest {
  @TempDir Path dir;

  static void writeTestDatabases(Path dir) throws IOException {
    MmdbWriter country = new MmdbWriter("test-country", "test");
    country.insert(InetAddresses.forString("192.0.2.0"), 24, Map.of("country_code", "de"));
    country.insert(
        InetAddresses.forString("198.51.100.0"),
        24,
        Map.of("country", Map.of("iso_code", "FR", "geoname_id", 3017382L)));
    country.insert(InetAddresses.forString("2001:db8::"), 32, Map.of("country_code", "JP"));
    MmdbWriter asn = new MmdbWriter("test-asn", "test");
    asn.insertRange(
        InetAddresses.forString("192.0.2.0"),
        InetAddresses.forString("192.0.2.127"),
        Map.of("autonomous_system_number", 64496L, "autonomous_system_organization", "Example AS"));
    asn.insertRange(
        InetAddresses.forString("203.0.113.5"),
        InetAddresses.forString("203.0.113.200"),
        Map.of(
            "autonomous_system_number", 4_200_000_000L, "autonomous_system_organization", "Big"));
    try (OutputStream out = Files.newOutputStream(dir.resolve(GeoIp.COUNTRY_FILE))) {
      country.write(out);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(GeoIp.ASN_FILE))) {
      asn.write(out);
    }
  }

  @Test
  void lookup_readsBothLayoutsAndAsn() throws IOException {
    writeTestDatabases(dir);
    try (GeoIp geo = GeoIp.open(dir)) {
      GeoFacts a = geo.lookup(InetAddresses.forString("192.0.2.10"));
      assertThat(a.country()).isEqualTo("DE");
      assertThat(a.asn()).isEqualTo(64496L);
      assertThat(a.asOrganization()).isEqualTo("Example AS");
      assertThat(geo.lookup(InetAddresses.forString("192.0.2.200")).asn()).isNull();
      assertThat(geo.lookup(InetAddresses.forString("198.51.100.1")).country()).isEqualTo("FR");
      assertThat(geo.lookup(InetAddresses.forString("2001:db8::25")).country()).isEqualTo("JP");
      assertThat(geo.lookup(InetAddresses.forString("10.0.0.1")).country()).isNull();
    }
  }

  @Test
  void insertRange_coversExactlyTheRange() throws IOException {
    writeTestDatabases(dir);
    try (GeoIp geo = GeoIp.open(dir)) {
      assertThat(geo.lookup(InetAddresses.forString("203.0.113.4")).asn()).isNull();
      for (String ip :
          new String[] {"203.0.113.5", "203.0.113.8", "203.0.113.128", "203.0.113.200"}) {
        assertThat(geo.lookup(InetAddresses.forString(ip)).asn()).as(ip).isEqualTo(4_200_000_000L);
      }
      assertThat(geo.lookup(InetAddresses.forString("203.0.113.201")).asn()).isNull();
    }
  }

  @Test
  void absent_saysTheDataIsMissing() throws IOException {
    try (GeoIp geo = GeoIp.open(dir.resolve("nothing-here"))) {
      GeoFacts f = geo.lookup(InetAddresses.forString("192.0.2.1"));
      assertThat(f.countryData()).isFalse();
      assertThat(f.asnData()).isFalse();
      assertThat(f.country()).isNull();
    }
    assertThat(GeoIp.absent().hasAsnData()).isFalse();
  }

  @Test
  void open_rejectsAFileThatIsNotADatabase() throws IOException {
    Files.writeString(dir.resolve(GeoIp.COUNTRY_FILE), "not a database");
    assertThatThrownBy(() -> GeoIp.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("country.mmdb: not a MaxMind database");
  }
}
