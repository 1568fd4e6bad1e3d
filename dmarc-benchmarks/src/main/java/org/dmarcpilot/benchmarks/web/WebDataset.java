// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.demo.DemoData;
import org.dmarcpilot.app.demo.DemoDomain;
import org.dmarcpilot.app.demo.DemoSender;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;

/**
 * Loads the web benchmark's data set into the embedded store of a data directory: the demo's
 * domains (monitoring, testing quarantine, enforcing, parked; a subdomain sent by Mailchimp) and
 * renamed copies of them, reports from the demo's five big reporters and many small ones, one per
 * reporter, domain and day, with many source addresses per report (services from their networks,
 * spoofers from all over). It writes through the store's own batch API with the ingest's DuckDB
 * settings (one DuckDB thread, transactions of {@link IngestOptions#DUCKDB_BATCH_RECORDS} records),
 * so schema, dedup and derived columns are the real ones. The same seed gives the same data.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.web.WebDataset \
 *     --data-dir /tmp/h10 [--records 10000000] [--domains 20] [--reporters 45] [--days 90]
 * }</pre>
 */
public final class WebDataset {
  /** Name, e-mail and share of a domain's mail of the big reporters (as in the demo). */
  private static final String[][] BIG_REPORTERS = {
    {"google.com", "noreply-dmarc-support@google.com", "0.46"},
    {"Enterprise Outlook", "dmarcreport@microsoft.com", "0.30"},
    {"Yahoo", "dmarchelp@yahooinc.com", "0.14"},
    {"Mail.Ru", "dmarc_support@corp.mail.ru", "0.06"},
    {"comcast.net", "dmarc_reports@comcast.net", "0.04"},
  };

  private static final List<IncomingReport> END = List.of();

  private WebDataset() {}

  /** What to generate. */
  record Settings(
      long records, int domains, int reporters, int days, LocalDate lastDay, long seed) {}

  /** Command line; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path dataDir = null;
    long records = 10_000_000L;
    int domains = 20;
    int reporters = 45;
    int days = 90;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--records" -> records = Long.parseLong(args[++i]);
        case "--domains" -> domains = Integer.parseInt(args[++i]);
        case "--reporters" -> reporters = Integer.parseInt(args[++i]);
        case "--days" -> days = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> {
          System.err.println(
              "usage: WebDataset --data-dir DIR [--records N] [--domains N] [--reporters N]"
                  + " [--days N] [--seed N]");
          System.exit(2);
        }
      }
    }
    if (dataDir == null || domains < 1 || reporters < BIG_REPORTERS.length || days < 1) {
      System.err.println("WebDataset: --data-dir is required; domains >= 1, reporters >= 5");
      System.exit(2);
    }
    Settings s =
        new Settings(
            records, domains, reporters, days, LocalDate.now(ZoneOffset.UTC).minusDays(1), seed);
    StoreConfig config =
        StoreConfig.inDataDir(dataDir).withDuckDb(StoreConfig.DEFAULT_DUCKDB_MEMORY, 1);
    BlockingQueue<List<IncomingReport>> queue = new ArrayBlockingQueue<>(2);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              try {
                generate(s, IngestOptions.DUCKDB_BATCH_RECORDS, queue);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              } catch (RuntimeException | Error e) {
                failed.set(e);
              }
              try {
                queue.put(END);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "web-dataset");
    long t0 = System.nanoTime();
    long written = 0;
    long reports = 0;
    long duplicates = 0;
    producer.start();
    try (ReportStore store = ReportStores.open(config)) {
      while (true) {
        List<IncomingReport> batch = queue.take();
        if (batch == END) {
          break;
        }
        StoreBatch.Result r = store.storeBatch(new StoreBatch(batch, List.of(), List.of()));
        for (StoreResult one : r.results()) {
          if (one.outcome() == StoreResult.Outcome.DUPLICATE) {
            duplicates++;
          }
        }
        for (IncomingReport in : batch) {
          written += in.report().records().size();
        }
        reports += batch.size();
        double sec = (System.nanoTime() - t0) / 1e9;
        System.err.printf(
            Locale.ROOT,
            "\r%,d reports, %,d records, %.0f s, %,.0f records/s",
            reports,
            written,
            sec,
            written / sec);
      }
    }
    producer.join();
    if (failed.get() != null) {
      throw new IllegalStateException("generating the reports failed", failed.get());
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    System.err.println();
    System.out.printf(
        Locale.ROOT,
        "%s: %,d reports (%,d duplicates), %,d records, %d domains, %d reporters, %d days in %.1f s"
            + " = %,.0f records/s%n",
        config,
        reports,
        duplicates,
        written,
        s.domains(),
        s.reporters(),
        s.days(),
        sec,
        written / sec);
  }

  /** The domains: the demo's, then copies renamed example2.com, example2.org, and so on. */
  static List<DemoDomain> domains(int count) {
    List<DemoDomain> demo = DemoData.domains();
    List<DemoDomain> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DemoDomain d = demo.get(i % demo.size());
      int copy = i / demo.size();
      if (copy == 0) {
        out.add(d);
        continue;
      }
      String name = d.domain().replace("example.", "example" + (copy + 1) + ".");
      List<DemoSender> senders = new ArrayList<>();
      for (DemoSender s : d.senders()) {
        senders.add(
            new DemoSender(
                s.name(),
                s.networks(),
                rename(s.headerFrom(), d.domain(), name),
                s.dkimDomain() == null ? null : rename(s.dkimDomain(), d.domain(), name),
                s.dkimSelector(),
                s.dkimPasses(),
                rename(s.envelopeFrom(), d.domain(), name),
                s.spfPasses(),
                s.forwarded(),
                s.dailyVolume()));
      }
      out.add(new DemoDomain(name, d.p(), d.sp(), d.testing(), senders, d.story()));
    }
    return out;
  }

  private static String rename(String host, String from, String to) {
    return host.equals(from) || host.endsWith("." + from)
        ? host.substring(0, host.length() - from.length()) + to
        : host;
  }

  /** Reporter {@code r}: the demo's five, then small ones. {name, email, share}. */
  static String[] reporter(int r) {
    if (r < BIG_REPORTERS.length) {
      return BIG_REPORTERS[r];
    }
    return new String[] {
      "Mail Provider " + r, "dmarc-reports@isp" + r + ".example", "0.004",
    };
  }

  private static double dayFactor(LocalDate day, int d, int days) {
    double week =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
            ? 0.35
            : 1.0;
    return week * (0.85 + 0.15 * (days - d) / days);
  }

  private static double volume(DemoDomain d) {
    double v = 0;
    for (DemoSender s : d.senders()) {
      v += s.dailyVolume();
    }
    return v;
  }

  /** Generates the reports in arrival order (day by day) and hands them over in batches. */
  static void generate(Settings s, int batchRecords, BlockingQueue<List<IncomingReport>> out)
      throws InterruptedException {
    List<DemoDomain> domains = domains(s.domains());
    double total = 0;
    for (int d = s.days() - 1; d >= 0; d--) {
      double f = dayFactor(s.lastDay().minusDays(d), d, s.days());
      for (DemoDomain dom : domains) {
        for (int r = 0; r < s.reporters(); r++) {
          total += volume(dom) * Double.parseDouble(reporter(r)[2]) * f;
        }
      }
    }
    double perUnit = s.records() / total;
    Random random = new Random(s.seed());
    List<IncomingReport> batch = new ArrayList<>();
    int inBatch = 0;
    double carry = 0;
    for (int d = s.days() - 1; d >= 0; d--) {
      LocalDate day = s.lastDay().minusDays(d);
      double f = dayFactor(day, d, s.days());
      for (DemoDomain dom : domains) {
        for (int r = 0; r < s.reporters(); r++) {
          String[] rep = reporter(r);
          double share = Double.parseDouble(rep[2]);
          double want = volume(dom) * share * f * perUnit + carry;
          int n = (int) Math.floor(want);
          carry = want - n;
          if (n < 1) {
            continue;
          }
          AggregateReport report = report(dom, rep, day, n, share * f, random);
          String sha =
              Sha256.of((rep[0] + "|" + dom.domain() + "|" + day).getBytes(StandardCharsets.UTF_8));
          batch.add(
              new IncomingReport(
                  report,
                  sha,
                  Provenance.file("/bench/web/" + day + "/" + dom.domain() + "/" + r + ".xml")));
          inBatch += n;
          if (inBatch >= batchRecords) {
            out.put(batch);
            batch = new ArrayList<>();
            inBatch = 0;
          }
        }
      }
    }
    if (!batch.isEmpty()) {
      out.put(batch);
    }
  }

  /** One report of {@code n} records, shared among the domain's senders by their volume. */
  private static AggregateReport report(
      DemoDomain dom, String[] rep, LocalDate day, int n, double share, Random random) {
    double volume = volume(dom);
    List<ReportRecord> records = new ArrayList<>(n);
    List<DemoSender> senders = dom.senders();
    for (int i = 0; i < n; i++) {
      // pick a sender by volume; spoofers get at least a tenth of the rows (many addresses)
      DemoSender s = senders.get(senders.size() - 1);
      double x = random.nextDouble() * volume;
      boolean spoofRow = random.nextInt(10) == 0;
      if (!spoofRow) {
        for (DemoSender c : senders) {
          x -= c.dailyVolume();
          if (x <= 0) {
            s = c;
            break;
          }
        }
      }
      boolean spoof = s.dkimDomain() == null;
      String ip;
      if (spoof) {
        ip =
            random.nextInt(4) == 0
                ? s.networks().get(random.nextInt(s.networks().size())) + (2 + random.nextInt(250))
                : (1 + random.nextInt(222))
                    + "."
                    + random.nextInt(256)
                    + "."
                    + random.nextInt(256)
                    + "."
                    + (1 + random.nextInt(254));
      } else {
        ip = s.networks().get(random.nextInt(s.networks().size())) + (1 + random.nextInt(254));
      }
      long perRow = Math.max(1, Math.round(s.dailyVolume() * share / Math.max(1, n / 20.0)));
      long count = 1 + (long) (random.nextDouble() * perRow);
      records.add(DemoData.record(dom, s, address(ip), count));
    }
    Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    String id =
        rep[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
            + "."
            + dom.domain()
            + "."
            + day.toString().replace("-", "")
            + "."
            + Long.toHexString(random.nextLong());
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(
            rep[0], rep[1], null, id, begin, begin.plusSeconds(86_399), List.of(), null),
        new PolicyPublished(
            dom.domain(),
            dom.p(),
            dom.sp(),
            null,
            null,
            null,
            100,
            null,
            dom.testing() ? Boolean.TRUE : null,
            null),
        records,
        List.of(),
        List.of());
  }

  private static InetAddress address(String dotted) {
    try {
      return InetAddress.getByName(dotted); // a literal: no DNS query
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + dotted, e);
    }
  }
}
