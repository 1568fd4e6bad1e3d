// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.aggregate.AggregateReportReader;
import org.dmarcpilot.report.aggregate.RecordSink;
import org.dmarcpilot.report.aggregate.ReportHeader;
import org.dmarcpilot.report.aggregate.ReportRecord;

/**
 * The comparison of {@link AggregateReportReaderBenchmark} measured in CPU time of the reading
 * thread plus the time the JVM spent in garbage collection, for a machine shared with other work,
 * where wall-clock throughput mostly measures the neighbours. The variants run interleaved, and the
 * best round of each counts (after warm-up).
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.ReaderCpuTime [MB] [rounds]
 * }</pre>
 */
public final class ReaderCpuTime {
  private static long sink;

  private ReaderCpuTime() {}

  /** Runs the comparison; prints milliseconds and MB/s per variant, and the ratio. */
  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    byte[] xml = GeneratedReports.ofSize(megabytes * 1_000_000L, 42);
    XMLInputFactory bare = new WstxInputFactory();
    AggregateReportReader reader = new AggregateReportReader(ReportLimits.DEFAULTS);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] names = {"bareWoodstox", "reader"};
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < rounds; round++) {
      for (int v = 0; v < names.length; v++) {
        long gc0 = gcMillis();
        long cpu0 = threads.getCurrentThreadCpuTime();
        if (v == 0) {
          XMLStreamReader r = bare.createXMLStreamReader(new ByteArrayInputStream(xml));
          while (r.hasNext()) {
            sink += r.next();
          }
          r.close();
        } else {
          reader.stream(
              new ByteArrayInputStream(xml),
              "benchmark.xml",
              new RecordSink() {
                @Override
                public void header(ReportHeader header) {}

                @Override
                public void record(ReportRecord record) {
                  sink += record.count();
                }
              });
        }
        long nanos = threads.getCurrentThreadCpuTime() - cpu0 + (gcMillis() - gc0) * 1_000_000;
        if (round >= rounds / 3) {
          best[v] = Math.min(best[v], nanos);
        }
      }
    }
    for (int v = 0; v < names.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-13s %6.1f ms  %6.1f MB/s%n",
          names[v],
          best[v] / 1e6,
          megabytes * 1e9 / best[v]);
    }
    System.out.printf(
        Locale.ROOT, "reader / bareWoodstox = %.0f %% (%d)%n", 100.0 * best[0] / best[1], sink & 1);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
