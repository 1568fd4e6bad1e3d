// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.PayloadOriginal;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.aggregate.ExtractedReport;
import org.dmarcpilot.report.aggregate.ReportHandler;
import org.dmarcpilot.report.aggregate.ReportReader;
import org.jspecify.annotations.Nullable;

/**
 * The parser ingest uses: the core's {@link ReportReader} (XML, gzip, zip, MIME messages, mbox),
 * with its limits. Thread-safe.
 */
public final class CoreReportParser implements InputParser {
  private final ReportReader reader;

  /** A parser with these limits. */
  public CoreReportParser(ReportLimits limits) {
    this.reader = new ReportReader(Objects.requireNonNull(limits, "limits"));
  }

  /** A parser with the default limits, keeping at most {@code failureCopyBytes} of a failure. */
  public static CoreReportParser withFailureCopy(int failureCopyBytes) {
    return new CoreReportParser(ReportLimits.DEFAULTS.withFailureCopyBytes(failureCopyBytes));
  }

  /**
   * The parser an ingest with these options uses: the default limits, its failure copy and its
   * originals ({@link IngestOptions#originalCopyBytes()}).
   */
  public static CoreReportParser of(IngestOptions options) {
    return new CoreReportParser(
        ReportLimits.DEFAULTS
            .withFailureCopyBytes(options.failureCopyBytes())
            .withOriginalCopyBytes(options.originalCopyBytes()));
  }

  @Override
  public void parse(InputStream in, String name, Sink sink) {
    try {
      reader.read(in, name, handler(sink));
    } catch (IOException e) {
      cannotRead(name, sink, e);
    }
  }

  @Override
  public void parse(byte[] data, String name, Sink sink) {
    try {
      reader.read(data, name, handler(sink));
    } catch (IOException e) {
      cannotRead(name, sink, e);
    }
  }

  private static ReportHandler handler(Sink sink) {
    return new ReportHandler() {
      @Override
      public void report(ExtractedReport r) {
        sink.report(r.report(), r.sha256(), part(r.source()), r.source().messageId());
      }

      @Override
      public void failure(PayloadFailure f) {
        byte[] copy = f.copy();
        sink.failure(f.error().getMessage(), f.error().problem(), copy, f.size(), part(f.source()));
      }

      @Override
      public void original(PayloadOriginal o) {
        String name = o.fileName();
        if (name == null && o.source().mimePart() == null) {
          name = o.source().inputName(); // the whole input: its own name
        }
        sink.original(o.reports(), o.size(), o.bytes(), o.mediaType(), name);
      }
    };
  }

  private static void cannotRead(String name, Sink sink, IOException e) {
    String reason = name + ": cannot read: " + e.getMessage();
    sink.failure(reason, "cannot read the input", reason.getBytes(StandardCharsets.UTF_8), 0, null);
  }

  /** The way down from the input to the payload, or null for the input itself. */
  static @Nullable String part(ReportSource s) {
    String where = s.location();
    String prefix = s.inputName();
    if (where.startsWith(prefix)) {
      where = where.substring(prefix.length());
    }
    while (where.startsWith(",") || where.startsWith(" ")) {
      where = where.substring(1);
    }
    return where.isEmpty() ? null : where;
  }
}
