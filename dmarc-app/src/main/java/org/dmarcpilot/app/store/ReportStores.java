// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.Clock;

/** Opens stores. */
public final class ReportStores {
  private ReportStores() {}

  /**
   * Opens the store a configuration names and migrates its schema to the latest version.
   *
   * @throws StoreInUseException when the DuckDB file is open in another process
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static ReportStore open(StoreConfig config) {
    return open(config, Clock.systemUTC());
  }

  /** As {@link #open(StoreConfig)}, with the clock that stamps ingest times. */
  public static ReportStore open(StoreConfig config, Clock clock) {
    return switch (config.engine()) {
      case DUCKDB -> DuckDbReportStore.open(config, clock);
      case POSTGRESQL -> PostgresReportStore.open(config, clock);
    };
  }
}
