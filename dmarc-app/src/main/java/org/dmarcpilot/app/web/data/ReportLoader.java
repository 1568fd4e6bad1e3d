// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Optional;

/** Loads one stored report by id, with all of its records or with a slice of them. */
@FunctionalInterface
public interface ReportLoader {
  /**
   * The report with the id, if it exists, with only its records from row {@code firstRow} (0 is the
   * first, in report order) on, at most {@code maxRows} of them; its summary counts the records
   * loaded.
   */
  Optional<StoredReport> load(long id, int firstRow, int maxRows);

  /** The report with the id, if it exists, with all of its records. */
  default Optional<StoredReport> load(long id) {
    return load(id, 0, Integer.MAX_VALUE);
  }
}
