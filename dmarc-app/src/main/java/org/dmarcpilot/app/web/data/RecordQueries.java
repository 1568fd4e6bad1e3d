// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.function.Consumer;
import org.dmarcpilot.app.store.ExportRow;

/** Records joined with their reports: a paged list, and a streamed export of all that match. */
public interface RecordQueries {
  /** One page of matching records, newest report first. */
  Page<RecordRow> records(RecordFilter filter, PageRequest page);

  /**
   * The figures of all matching records, summed by the database: bounded work however many records
   * match, and the same whichever page is shown.
   */
  RecordTotals totals(RecordFilter filter);

  /**
   * Streams every matching record to the sink, in the same order (newest report first, each
   * report's records in their order), as the rows {@code dmarcpilot export} writes, without holding
   * them all in memory; returns how many were sent.
   */
  long export(RecordFilter filter, Consumer<ExportRow> sink);
}
