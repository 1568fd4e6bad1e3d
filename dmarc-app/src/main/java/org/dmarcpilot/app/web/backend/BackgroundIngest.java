// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.FolderWatchSource;
import org.dmarcpilot.app.ingest.ImapInputSource;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.ingest.InputSource;
import org.dmarcpilot.app.store.ReportStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion {@code serve} runs in the background: watched folders and an IMAP mailbox from the
 * configuration, through one ingest pipeline, with counters in the metrics registry. Each source
 * runs on its own daemon thread until {@link #close()}.
 */
public final class BackgroundIngest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundIngest.class);

  private final List<Thread> threads = new ArrayList<>();

  private BackgroundIngest() {}

  /**
   * Starts ingesting from the folders and the mailbox (either may be absent).
   *
   * @param afterProgress called after reports were stored (the web refreshes its rollup)
   */
  public static BackgroundIngest start(
      ReportStore store,
      List<Path> folders,
      @Nullable ImapSettings imap,
      Duration folderInterval,
      IngestOptions options,
      MeterRegistry metrics,
      Runnable afterProgress) {
    Objects.requireNonNull(store, "store");
    BackgroundIngest b = new BackgroundIngest();
    IngestListener listener = listener(metrics, afterProgress);
    for (Path f : folders) {
      b.run(
          "folder " + f, store, new FolderWatchSource(f, store, folderInterval), options, listener);
    }
    if (imap != null) {
      b.run(
          "imap " + imap.user() + "@" + imap.host(),
          store,
          new ImapInputSource(imap, options.maxInputBytes()),
          options,
          listener);
    }
    return b;
  }

  private void run(
      String name,
      ReportStore store,
      InputSource source,
      IngestOptions options,
      IngestListener listener) {
    Thread t =
        new Thread(
            () -> {
              try {
                IngestSummary s =
                    new IngestPipeline(store, CoreReportParser.of(options), options, listener)
                        .run(List.of(source));
                if (s.error() != null) {
                  LOG.error("ingest from {} stopped: {}", name, s.error());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.error("ingest from {} failed", name, e);
              }
            },
            "dmarcpilot-ingest-" + name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }

  /**
   * Counters in the metrics (reports stored, duplicates, records, rejected inputs; the time of the
   * last progress) and the refresh after reports were stored.
   */
  static IngestListener listener(MeterRegistry metrics, Runnable afterProgress) {
    Counter stored =
        Counter.builder("dmarcpilot.ingest.reports.stored")
            .description("reports stored")
            .register(metrics);
    Counter duplicates =
        Counter.builder("dmarcpilot.ingest.reports.duplicate")
            .description("reports stored before, skipped")
            .register(metrics);
    Counter records =
        Counter.builder("dmarcpilot.ingest.records")
            .description("records stored")
            .register(metrics);
    Counter rejected =
        Counter.builder("dmarcpilot.ingest.rejected")
            .description("inputs that held no readable report")
            .register(metrics);
    Timer runs =
        Timer.builder("dmarcpilot.ingest.run")
            .description("time from the start of an ingest run to its latest progress")
            .register(metrics);
    return new IngestListener() {
      private long lastStored;
      private long lastDuplicates;
      private long lastRecords;

      @Override
      public synchronized void progress(IngestProgress p) {
        stored.increment(Math.max(0, p.reportsStored() - lastStored));
        duplicates.increment(Math.max(0, p.duplicates() - lastDuplicates));
        records.increment(Math.max(0, p.records() - lastRecords));
        boolean more = p.reportsStored() > lastStored;
        lastStored = Math.max(lastStored, p.reportsStored());
        lastDuplicates = Math.max(lastDuplicates, p.duplicates());
        lastRecords = Math.max(lastRecords, p.records());
        if (p.sourcesDone()) {
          runs.record(p.elapsed());
        }
        if (more) {
          afterProgress.run();
        }
      }

      @Override
      public void rejected(String input, String reason) {
        rejected.increment();
        LOG.warn("rejected {}: {}", input, reason);
      }
    };
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
  }
}
