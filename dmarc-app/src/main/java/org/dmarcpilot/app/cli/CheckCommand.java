// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmarcpilot.check.AuditOptions;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.check.Severity;
import org.dmarcpilot.check.SocketSmtpTlsProbe;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsResolverConfig;
import org.dmarcpilot.dns.DnsjavaDnssecLookup;
import org.dmarcpilot.dns.DnsjavaResolver;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.ZoneSyntaxException;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot check DOMAIN...}: audits the DMARC, SPF, DKIM, MX, MTA-STS, TLS-RPT and BIMI
 * records of domains, explains every problem with its fix and evidence, and writes the DMARC record
 * to publish next. Domains are checked concurrently; the report keeps the order given.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    exitCodeOnInvalidInput = CheckCommand.EXIT_USAGE,
    description = {
      "Audit the DMARC, SPF, DKIM, MX, MTA-STS, TLS-RPT and BIMI records of domains, explain"
          + " each problem and its fix, and write the next DMARC record to publish."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no problems (notes only)",
      "1:warnings, no errors",
      "2:errors",
      "3:a DNS query failed, so the results are incomplete",
      "64:invalid command line or zone file"
    })
public final class CheckCommand implements Callable<Integer> {
  /** Exit code for a clean audit. */
  public static final int EXIT_CLEAN = 0;

  /** Exit code when the worst finding is a warning. */
  public static final int EXIT_WARNINGS = 1;

  /** Exit code when some finding is an error. */
  public static final int EXIT_ERRORS = 2;

  /** Exit code when a DNS query failed. */
  public static final int EXIT_DNS_FAILURE = 3;

  /** Exit code for a bad command line or zone file (sysexits EX_USAGE). */
  public static final int EXIT_USAGE = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DOMAIN", description = "The domains to check.")
  List<String> domains = new ArrayList<>();

  @Option(
      names = "--selector",
      paramLabel = "S",
      description = "A DKIM selector to check (repeatable); a missing one is an error.")
  List<String> selectors = new ArrayList<>();

  @Option(
      names = "--parked",
      description =
          "The domains send and receive no mail: expect v=spf1 -all, p=reject,"
              + " sp=reject and a null MX.")
  boolean parked;

  @Option(
      names = "--dns",
      paramLabel = "HOST:PORT",
      description = "DNS server to ask (repeatable); default: the system's.")
  List<String> dnsServers = new ArrayList<>();

  @Option(
      names = "--zone-file",
      paramLabel = "F",
      description = "Answer from this zone file instead of the DNS (names not in it do not exist).")
  @Nullable Path zoneFile;

  @Option(names = "--json", description = "Write JSON instead of the readable report.")
  boolean json;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Colour the report: auto (on a terminal), always, never. Default: ${DEFAULT-VALUE}.")
  String color = "auto";

  @Option(
      names = "--psl",
      description =
          "Find Organizational Domains with the public suffix list (RFC 7489) instead"
              + " of the RFC 9989 DNS tree walk.")
  boolean psl;

  @Option(
      names = "--psl-file",
      paramLabel = "F",
      description = "A public suffix list file to use with --psl (default: the built-in list).")
  @Nullable Path pslFile;

  @Option(
      names = "--no-common-selectors",
      description = "Only check the selectors given with --selector.")
  boolean noCommonSelectors;

  @Option(
      names = "--no-reverse-dns",
      description = "Do not check the reverse DNS of the mail hosts.")
  boolean noReverseDns;

  @Option(
      names = "--approved-mx",
      paramLabel = "HOST",
      split = ",",
      description = "Mail hosts the domains may use (comma-separated); others are reported.")
  List<String> approvedMx = new ArrayList<>();

  @Option(
      names = "--approved-ns",
      paramLabel = "HOST",
      split = ",",
      description = "Name servers the domains may use (comma-separated); others are reported.")
  List<String> approvedNs = new ArrayList<>();

  @Option(
      names = "--no-https",
      description =
          "Do not fetch MTA-STS policy files, BIMI logos and mark certificates over HTTPS"
              + " (never fetched with --zone-file).")
  boolean noHttps;

  @Option(
      names = "--skip-tls",
      description =
          "Do not test STARTTLS on the mail hosts (port 25, then 465). Never tested with"
              + " --zone-file.")
  boolean skipTls;

  @Option(
      names = "--smtp-timeout",
      paramLabel = "MS",
      defaultValue = "10000",
      description =
          "The most one SMTP TLS test of one host and port may take, in milliseconds."
              + " Default: ${DEFAULT-VALUE}.")
  long smtpTimeoutMillis = 10_000;

  @Option(
      names = "--no-dnssec",
      description =
          "Do not check DNSSEC signing and DANE TLSA records (never checked with --zone-file).")
  boolean noDnssec;

  @Option(
      names = "--bimi-ca",
      paramLabel = "FILE",
      description =
          "A PEM file of the mark certificate authorities a BIMI certificate (VMC, CMC) must"
              + " lead to; without it the issuer is not checked.")
  @Nullable Path bimiCa;

  @Option(
      names = "--timeout",
      paramLabel = "MS",
      defaultValue = "2000",
      description = "Timeout of one DNS attempt in milliseconds. Default: ${DEFAULT-VALUE}.")
  long timeoutMillis = 2000;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      defaultValue = "8",
      description = "How many domains to check at once. Default: ${DEFAULT-VALUE}.")
  int jobs = 8;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DnsResolver dns;
    AuditOptions options;
    try {
      dns = resolver();
      options = options();
    } catch (UsageException e) {
      err.println("dmarcpilot check: " + e.getMessage());
      err.flush();
      return EXIT_USAGE;
    }
    List<AuditReport> reports = auditAll(new DomainAudit(dns, options));
    if (json) {
      writeJson(out, reports);
    } else {
      new CheckReportPrinter(out, useColour(), width()).print(reports);
    }
    out.flush();
    return exitCode(reports);
  }

  /** 3 when DNS failed, else 2 with errors, 1 with warnings, 0 otherwise; the worst domain wins. */
  static int exitCode(List<AuditReport> reports) {
    int code = EXIT_CLEAN;
    for (AuditReport r : reports) {
      int c;
      if (r.dnsFailed()) {
        c = EXIT_DNS_FAILURE;
      } else if (r.count(Severity.ERROR) > 0) {
        c = EXIT_ERRORS;
      } else if (r.count(Severity.WARNING) > 0) {
        c = EXIT_WARNINGS;
      } else {
        c = EXIT_CLEAN;
      }
      code = Math.max(code, c);
    }
    return code;
  }

  private List<AuditReport> auditAll(DomainAudit audit) {
    int threads = Math.max(1, Math.min(Math.min(jobs, 64), domains.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "dmarcpilot-check");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<AuditReport>> futures = new ArrayList<>();
      for (String d : domains) {
        futures.add(pool.submit(() -> audit.audit(d)));
      }
      List<AuditReport> reports = new ArrayList<>();
      for (Future<AuditReport> f : futures) {
        reports.add(f.get());
      }
      return reports;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("audit failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private DnsResolver resolver() throws UsageException {
    if (zoneFile != null) {
      if (!dnsServers.isEmpty()) {
        throw new UsageException("--zone-file and --dns cannot be used together");
      }
      try {
        return InMemoryDnsResolver.parse(Files.readString(zoneFile, StandardCharsets.UTF_8));
      } catch (ZoneSyntaxException e) {
        throw new UsageException(zoneFile + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UsageException("cannot read " + zoneFile + ": " + e.getMessage());
      }
    }
    return new DnsjavaResolver(dnsConfig(), Clock.systemUTC());
  }

  private DnsResolverConfig dnsConfig() throws UsageException {
    if (timeoutMillis < 1 || timeoutMillis > 60_000) {
      throw new UsageException("--timeout must be 1 to 60000 milliseconds");
    }
    DnsResolverConfig config =
        DnsResolverConfig.defaults().withTimeout(Duration.ofMillis(timeoutMillis), 1);
    if (!dnsServers.isEmpty()) {
      List<java.net.InetSocketAddress> servers = new ArrayList<>();
      for (String s : dnsServers) {
        try {
          servers.add(DnsResolverConfig.parseServer(s));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--dns " + e.getMessage());
        }
      }
      config = config.withServers(servers);
    }
    return config;
  }

  private AuditOptions options() throws UsageException {
    AuditOptions o =
        AuditOptions.defaults()
            .withSelectors(selectors)
            .withParked(parked)
            .withCommonSelectors(!noCommonSelectors)
            .withReverseDns(!noReverseDns)
            .withApproved(approvedMx, approvedNs);
    if (!noHttps && zoneFile == null) {
      o = o.withMtaStsPolicies(new HttpsMtaStsPolicySource(Duration.ofSeconds(10)));
      o = o.withBimi(new HttpsBimiSource(Duration.ofSeconds(10)), markAuthorities());
    } else if (bimiCa != null) {
      throw new UsageException(
          "--bimi-ca needs HTTPS fetching (not with --no-https or --zone-file)");
    }
    if (smtpTimeoutMillis < 100 || smtpTimeoutMillis > 120_000) {
      throw new UsageException("--smtp-timeout must be 100 to 120000 milliseconds");
    }
    if (!noDnssec && zoneFile == null) {
      o = o.withDnssec(new DnsjavaDnssecLookup(dnsConfig(), Clock.systemUTC()));
    }
    if (!skipTls && zoneFile == null) {
      o = o.withSmtpTls(new SocketSmtpTlsProbe(Duration.ofMillis(smtpTimeoutMillis)));
    }
    if (psl) {
      PublicSuffixList list = PublicSuffixList.guava();
      if (pslFile != null) {
        try {
          list = PublicSuffixList.load(pslFile);
        } catch (IOException e) {
          throw new UsageException("cannot read " + pslFile + ": " + e.getMessage());
        }
      }
      o = o.withDiscovery(DiscoveryMethod.PSL, list);
    } else if (pslFile != null) {
      throw new UsageException("--psl-file needs --psl");
    }
    if (!List.of("auto", "always", "never").contains(color.toLowerCase(Locale.ROOT))) {
      throw new UsageException("--color must be auto, always or never");
    }
    if (jobs < 1) {
      throw new UsageException("--jobs must be at least 1");
    }
    return o;
  }

  private List<X509Certificate> markAuthorities() throws UsageException {
    if (bimiCa == null) {
      return List.of();
    }
    try (InputStream in = Files.newInputStream(bimiCa)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      if (out.isEmpty()) {
        throw new UsageException(bimiCa + ": no certificate in the file");
      }
      return out;
    } catch (IOException e) {
      throw new UsageException("cannot read " + bimiCa + ": " + e.getMessage());
    } catch (CertificateException e) {
      throw new UsageException(bimiCa + ": not a PEM certificate file: " + e.getMessage());
    }
  }

  private boolean useColour() {
    return switch (color.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      default ->
          System.console() != null
              && System.getenv("NO_COLOR") == null
              && !"dumb".equals(System.getenv("TERM"));
    };
  }

  private static int width() {
    try {
      String c = System.getenv("COLUMNS");
      return c == null ? 100 : Math.max(60, Math.min(160, Integer.parseInt(c.strip())));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  private static void writeJson(PrintWriter out, List<AuditReport> reports) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      out.println(mapper.writeValueAsString(CheckJson.of(reports, exitCode(reports))));
    } catch (IOException e) {
      throw new IllegalStateException("JSON output failed", e);
    }
  }

  /** A problem with the command line or its files. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
