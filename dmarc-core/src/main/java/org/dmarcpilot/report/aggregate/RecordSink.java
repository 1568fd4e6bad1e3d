// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

/**
 * Receives one aggregate report as it is read: first its header, then each record in document
 * order. Used by {@link AggregateReportReader#stream}; the reader never holds the records itself.
 */
public interface RecordSink {

  /**
   * The report's header, once {@code <report_metadata>} and {@code <policy_published>} are read.
   */
  void header(ReportHeader header);

  /** One record; skipped records (with an issue) never arrive here. */
  void record(ReportRecord record);
}
