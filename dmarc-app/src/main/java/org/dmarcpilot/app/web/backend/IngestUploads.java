// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.IngestListener;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.ingest.InputOutcome;
import org.dmarcpilot.app.ingest.InputSource;
import org.dmarcpilot.app.ingest.InputUnit;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.SourceKind;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.UploadResult;

/**
 * Uploads through the ingest pipeline: the same extraction, limits, deduplication and failure log
 * as files and mailboxes; the result tells what was stored, what was a duplicate, and why a file
 * was rejected.
 */
public final class IngestUploads implements ReportUploads {
  private final ReportStore store;
  private final IngestOptions options;

  /** Uploads into the store with the given ingest options. */
  public IngestUploads(ReportStore store, IngestOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * {@inheritDoc}
   *
   * <p>The result names the file as the store keeps it (a U+0000 in the name becomes U+FFFD), so
   * the page and the API show the name the failure log and the report show.
   */
  @Override
  public UploadResult upload(String uploadedName, byte[] content) {
    AtomicReference<InputOutcome> outcome = new AtomicReference<>();
    List<String> reasons = new ArrayList<>();
    Provenance provenance = new Provenance(SourceKind.UPLOAD, uploadedName, null, null, null);
    String filename = Objects.requireNonNull(provenance.path());
    InputUnit unit = unit(filename, provenance, content, outcome);
    InputSource source = sink -> sink.accept(unit);
    IngestListener listener =
        new IngestListener() {
          @Override
          public void rejected(String input, String reason) {
            synchronized (reasons) {
              reasons.add(reason);
            }
          }
        };
    IngestSummary summary;
    try {
      summary =
          new IngestPipeline(
                  store, CoreReportParser.of(options), options.withParserThreads(1), listener)
              .run(List.of(source));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new UploadResult(filename, UploadResult.Status.REJECTED, List.of(), 0, "interrupted");
    }
    if (summary.error() != null) {
      return new UploadResult(
          filename, UploadResult.Status.REJECTED, List.of(), 0, "not stored: " + summary.error());
    }
    InputOutcome o = outcome.get();
    int stored = o == null ? 0 : o.reportsStored();
    int duplicates = o == null ? 0 : o.duplicates();
    if (stored > 0) {
      List<Long> ids = o == null ? List.of() : o.storedPks();
      String msg =
          stored
              + (stored == 1 ? " report" : " reports")
              + " stored"
              + (duplicates > 0 ? ", " + duplicates + " stored before" : "")
              + (reasons.isEmpty() ? "" : "; not read: " + String.join("; ", reasons));
      return new UploadResult(filename, UploadResult.Status.STORED, ids, summary.records(), msg);
    }
    if (duplicates > 0) {
      return new UploadResult(
          filename,
          UploadResult.Status.DUPLICATE,
          List.of(),
          0,
          duplicates + (duplicates == 1 ? " report was" : " reports were") + " stored before");
    }
    return new UploadResult(
        filename,
        UploadResult.Status.REJECTED,
        List.of(),
        0,
        reasons.isEmpty() ? "no aggregate report found" : String.join("; ", reasons));
  }

  /**
   * The input of one uploaded file. Its size hint is the content's length, so that the reader takes
   * the bytes in one buffer of the right size: without it the buffer grew by doubling, and a 60 MB
   * upload held about three times its size at once (a 256 MiB heap ran out of memory).
   */
  static InputUnit unit(
      String filename,
      Provenance provenance,
      byte[] content,
      AtomicReference<InputOutcome> outcome) {
    return new InputUnit(filename, provenance) {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(content);
      }

      @Override
      public long sizeHint() {
        return content.length;
      }

      @Override
      public void committed(InputOutcome o) {
        outcome.set(o);
      }
    };
  }
}
