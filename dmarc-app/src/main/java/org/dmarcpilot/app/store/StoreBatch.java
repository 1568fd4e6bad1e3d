// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.List;
import java.util.Objects;

/**
 * What one ingest transaction writes: reports, the failures met on the way, and the inputs that are
 * thereby handled to the end. All of it commits together or not at all, so an input is never marked
 * done without its reports.
 *
 * @param reports the reports
 * @param failures the rejected payloads and inputs
 * @param inputs the inputs handled to the end
 */
public record StoreBatch(
    List<IncomingReport> reports, List<IngestFailure> failures, List<InputDone> inputs) {
  public StoreBatch {
    reports = List.copyOf(reports);
    failures = List.copyOf(failures);
    inputs = List.copyOf(inputs);
  }

  /**
   * An input handled to the end.
   *
   * @param contentSha256 SHA-256 of the input's bytes
   * @param source where it came from
   * @param reports how many reports it held
   * @param failures how many of its payloads were rejected
   */
  public record InputDone(String contentSha256, Provenance source, int reports, int failures) {
    public InputDone {
      Sha256.requireHex(contentSha256, "contentSha256");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * What the store did with a batch.
   *
   * @param results one per report, in order
   * @param newFailures how many failures were new to the log (the same bytes are logged once)
   */
  public record Result(List<StoreResult> results, int newFailures) {
    public Result {
      results = List.copyOf(results);
    }
  }
}
