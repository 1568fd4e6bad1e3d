// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.ProblemKinds;
import org.jspecify.annotations.Nullable;

/**
 * Shows ingest progress: a bar redrawn in place on a terminal (files, reports/s, records/s, ETA),
 * or a plain line every few seconds (by default {@value #PLAIN_EVERY_SECONDS}) when the output is
 * not a terminal. Each rejected input is named with its reason as it happens, up to {@value
 * #REJECTIONS_LISTED}; the rest are counted in the summary and kept in the store's failure log.
 */
final class ProgressPrinter implements IngestListener {
  static final int PLAIN_EVERY_SECONDS = 10;

  /** Rejections named one by one; after that only counted. */
  static final int REJECTIONS_LISTED = 20;

  private static final int BAR = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final int plainEverySeconds;
  private long lastPlain;
  private int lastWidth;
  private int rejections;
  private @Nullable IngestProgress last;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this(out, terminal, PLAIN_EVERY_SECONDS);
  }

  ProgressPrinter(PrintWriter out, boolean terminal, int plainEverySeconds) {
    this.out = out;
    this.terminal = terminal;
    this.plainEverySeconds = plainEverySeconds;
  }

  /** The last progress heard, or null before any. */
  synchronized @Nullable IngestProgress last() {
    return last;
  }

  @Override
  public synchronized void progress(IngestProgress p) {
    last = p;
    if (terminal) {
      String line = bar(p);
      out.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      out.flush();
    } else if (p.elapsed().toSeconds() - lastPlain >= plainEverySeconds) {
      lastPlain = p.elapsed().toSeconds();
      out.println(plain(p));
      out.flush();
    }
  }

  @Override
  public synchronized void rejected(String input, String reason) {
    rejections++;
    if (rejections > REJECTIONS_LISTED + 1) {
      return;
    }
    if (terminal && lastWidth > 0) {
      out.print('\r' + " ".repeat(lastWidth) + '\r'); // the bar is drawn again on the next tick
      lastWidth = 0;
    }
    if (rejections <= REJECTIONS_LISTED) {
      String why = ProblemKinds.reasonKey(reason, input);
      // names come from file systems and e-mails: no control character reaches the terminal
      out.println(
          "rejected "
              + CheckReportPrinter.clean(input)
              + (why.isEmpty() ? "" : ": " + CheckReportPrinter.clean(why)));
    } else {
      out.println(
          "rejected: more inputs; they are counted below, and each is in the failure log"
              + " with its bytes (the Ingestion page of serve)");
    }
    out.flush();
  }

  /** How long closing the store may take before {@link #closingNotice} says so. */
  static final Duration CLOSING_NOTICE_AFTER = Duration.ofSeconds(2);

  /**
   * Says, once closing the store has taken {@link #CLOSING_NOTICE_AFTER}, that the store is still
   * being written (DuckDB's last checkpoint can take seconds after a large ingest, with no other
   * sign of life); closing the returned notice before then says nothing.
   */
  Notice closingNotice() {
    return closingNotice(CLOSING_NOTICE_AFTER);
  }

  Notice closingNotice(Duration after) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(after.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              synchronized (this) {
                if (terminal && lastWidth > 0) {
                  out.println();
                  lastWidth = 0;
                }
                out.println("ingest: all inputs stored; writing the database file ...");
                out.flush();
              }
            },
            "ingest-closing-notice");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** A pending notice; closing it cancels the notice unless it was shown. */
  interface Notice extends AutoCloseable {
    @Override
    void close();
  }

  /** Ends the bar's line before the summary. */
  synchronized void finish() {
    if (terminal && lastWidth > 0) {
      out.println();
      out.flush();
    }
  }

  static String bar(IngestProgress p) {
    double f =
        p.sourcesDone() && p.inputsFound() > 0 ? (double) p.inputsDone() / p.inputsFound() : 0;
    int filled = (int) Math.round(f * BAR);
    String eta = p.sourcesDone() ? " ETA " + format(p.eta()) : "";
    return String.format(
        Locale.ROOT,
        "[%s%s] %,d/%,d%s files  %,.0f reports/s  %,.0f records/s%s",
        "#".repeat(filled),
        "-".repeat(BAR - filled),
        p.inputsDone(),
        p.inputsFound(),
        p.sourcesDone() ? "" : "+",
        p.reportsPerSecond(),
        p.recordsPerSecond(),
        eta);
  }

  static String plain(IngestProgress p) {
    return String.format(
        Locale.ROOT,
        "ingest: %,d of %,d%s files, %,d reports stored, %,d duplicates, %,d rejected,"
            + " %,.0f reports/s, %,.0f records/s",
        p.inputsDone(),
        p.inputsFound(),
        p.sourcesDone() ? "" : "+",
        p.reportsStored(),
        p.duplicates(),
        p.rejected(),
        p.reportsPerSecond(),
        p.recordsPerSecond());
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
