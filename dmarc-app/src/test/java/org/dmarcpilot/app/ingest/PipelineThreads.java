// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.store.ReportStore;

/** Runs an ingest over one source on a thread of its own, as {@code serve} runs its sources. */
final class PipelineThreads {
  private PipelineThreads() {}

  /**
   * Starts the thread; {@code result} is set when the ingest returns (after the source's {@code
   * stop()} for a source that waits).
   */
  static Thread start(
      ReportStore store,
      InputSource source,
      int failureCopyBytes,
      AtomicReference<IngestSummary> result) {
    Thread t =
        new Thread(
            () -> {
              try {
                result.set(
                    new IngestPipeline(
                            store,
                            CoreReportParser.withFailureCopy(failureCopyBytes),
                            IngestOptions.defaults(),
                            IngestListener.NONE)
                        .run(List.of(source)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ingest");
    t.start();
    return t;
  }
}
