// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for integration tests: Knot DNS ({@code knotd}) started on a
 * loopback port with a generated configuration and zone files from the test, stopped by {@link
 * #close()}. Tests skip when knotd is not installed, and fail under {@code
 * -Ddmarc.services.required=true}.
 *
 * <pre>{@code
 * try (KnotServer dns = KnotServer.builder()
 *         .zone("example.test", """
 *             _dmarc  TXT "v=DMARC1; p=reject"
 *             mail    A   192.0.2.25
 *             """)
 *         .start()) {
 *   InetSocketAddress server = dns.address();   // 127.0.0.1:<free port>
 * }
 * }</pre>
 *
 * <p>Zone text is relative to the zone's origin ({@code @} and relative names work); unless the
 * text has an SOA record, an SOA (negative-caching TTL 60 s) and an apex NS {@code ns.<origin>}
 * with address 127.0.0.1 are added. Large zones are fine (tens of thousands of records load in
 * about a second). knotd runs as the current user with its run and storage directories in a
 * temporary directory, one UDP and one TCP worker. The server listens on one address; {@link
 * Builder#listen} picks another loopback address (such as 127.0.0.2) and {@link Builder#port} a
 * given port, so that a zone can delegate to a second server on the same port.
 */
public final class KnotServer implements AutoCloseable {
  /** Where knotd is looked for unless {@code DMARC_KNOTD} names another binary. */
  public static final String DEFAULT_KNOTD = "/usr/sbin/knotd";

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Process process;
  private final InetSocketAddress address;
  private final Path dir;
  private final List<String> zones;

  private KnotServer(Process process, InetSocketAddress address, Path dir, List<String> zones) {
    this.process = process;
    this.address = address;
    this.dir = dir;
    this.zones = zones;
  }

  /** The knotd binary. */
  public static Path knotd() {
    String env = System.getenv("DMARC_KNOTD");
    return Path.of(env != null && !env.isBlank() ? env : DEFAULT_KNOTD);
  }

  /** Whether knotd is installed. */
  public static boolean available() {
    return Files.isExecutable(knotd());
  }

  /** A builder for a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address the server listens on (UDP and TCP). */
  public InetSocketAddress address() {
    return address;
  }

  /** The port. */
  public int port() {
    return address.getPort();
  }

  /** The zones served. */
  public List<String> zones() {
    return zones;
  }

  /** The server's log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(dir.resolve("knotd.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server (the process this fixture started, and only it) and deletes its files. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  /** Configures and starts a server. */
  public static final class Builder {
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final java.util.Set<String> signed = new java.util.HashSet<>();
    private InetAddress listen = InetAddress.getLoopbackAddress();
    private int port;

    private Builder() {}

    /**
     * Serves a zone.
     *
     * @param origin the zone apex, such as {@code example.test}
     * @param records zone-file text relative to the origin
     */
    public Builder zone(String origin, String records) {
      String o = origin.toLowerCase(Locale.ROOT);
      zones.put(o.endsWith(".") ? o.substring(0, o.length() - 1) : o, records);
      return this;
    }

    /**
     * Serves a zone signed by knotd with DNSSEC (automatic keys, the default policy).
     *
     * @param origin the zone apex
     * @param records zone-file text relative to the origin
     */
    public Builder signedZone(String origin, String records) {
      zone(origin, records);
      String o = origin.toLowerCase(Locale.ROOT);
      signed.add(o.endsWith(".") ? o.substring(0, o.length() - 1) : o);
      return this;
    }

    /** Listens on another (loopback) address than 127.0.0.1. */
    public Builder listen(InetAddress address) {
      this.listen = address;
      return this;
    }

    /** Listens on this port instead of a free one. */
    public Builder port(int p) {
      this.port = p;
      return this;
    }

    /**
     * Starts knotd and waits until it answers for every zone. Skips the calling test when knotd is
     * missing (fails under {@code -Ddmarc.services.required=true}).
     *
     * @throws IllegalStateException if knotd does not start or answer in time
     */
    public KnotServer start() {
      Services.require(
          available(),
          "knotd not found at " + knotd() + " (apt-get install knot, or set DMARC_KNOTD)");
      if (zones.isEmpty()) {
        throw new IllegalStateException("no zone");
      }
      try {
        Path dir = Files.createTempDirectory("knotd-test");
        int p = port != 0 ? port : freePort(listen);
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n")
            .append("    rundir: \"")
            .append(dir)
            .append("\"\n")
            .append("    listen: ")
            .append(listen.getHostAddress())
            .append('@')
            .append(p)
            .append('\n')
            .append("    udp-workers: 1\n    tcp-workers: 1\n    background-workers: 1\n")
            .append("database:\n    storage: \"")
            .append(dir)
            .append("\"\n")
            .append("log:\n  - target: stderr\n    any: info\n")
            .append("zone:\n");
        for (Map.Entry<String, String> z : zones.entrySet()) {
          Path file = dir.resolve(z.getKey() + ".zone");
          Files.writeString(file, zoneText(z.getKey(), z.getValue()), StandardCharsets.UTF_8);
          conf.append("  - domain: ")
              .append(z.getKey())
              .append('\n')
              .append("    file: \"")
              .append(file)
              .append("\"\n")
              .append("    journal-content: none\n");
          if (signed.contains(z.getKey())) {
            conf.append("    dnssec-signing: on\n");
          }
        }
        Path confFile = dir.resolve("knot.conf");
        Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
        Process process =
            new ProcessBuilder(knotd().toString(), "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("knotd.log").toFile())
                .start();
        KnotServer server =
            new KnotServer(
                process, new InetSocketAddress(listen, p), dir, List.copyOf(zones.keySet()));
        try {
          server.awaitReady();
        } catch (RuntimeException e) {
          String log = server.log();
          server.close();
          throw new IllegalStateException(e.getMessage() + "; knotd log:\n" + log, e);
        }
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    SimpleResolver r = new SimpleResolver(address);
    r.setTimeout(Duration.ofMillis(250));
    for (String zone : zones) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("knotd exited with " + process.exitValue());
        }
        try {
          Message q =
              Message.newQuery(
                  org.xbill.DNS.Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN));
          Message a = r.send(q);
          if (a.getRcode() == Rcode.NOERROR && a.getHeader().getFlag(Flags.AA)) {
            break;
          }
        } catch (IOException e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("knotd did not serve " + zone + " within " + STARTUP);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  static String zoneText(String origin, String records) {
    StringBuilder sb = new StringBuilder();
    sb.append("$ORIGIN ").append(origin).append(".\n$TTL 300\n");
    boolean hasSoa = false;
    for (String line : records.split("\n")) {
      String code = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
      if (List.of(code.toUpperCase(Locale.ROOT).split("\\s+")).contains("SOA")) {
        hasSoa = true;
      }
    }
    if (!hasSoa) {
      sb.append("@ SOA ns.")
          .append(origin)
          .append(". hostmaster.")
          .append(origin)
          .append(". 1 3600 900 604800 60\n");
      sb.append("@ NS ns.").append(origin).append(".\n");
      sb.append("ns.").append(origin).append(". A 127.0.0.1\n");
    }
    sb.append(records);
    if (!records.endsWith("\n")) {
      sb.append('\n');
    }
    return sb.toString();
  }

  private static int freePort(InetAddress address) throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int p;
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
        p = udp.getLocalPort();
      }
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(address, p));
        return p;
      } catch (IOException e) {
        // the TCP side is taken: try another
      }
    }
    throw new IOException("no free port on " + address);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
