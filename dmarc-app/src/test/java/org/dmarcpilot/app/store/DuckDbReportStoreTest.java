// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on embedded DuckDB. */
class DuckDbReportStoreTest extends ReportStoreContract {
  @TempDir Path dir;

  @Override
  ReportStore openStore() {
    return ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
  }

  @Test
  void reopen_keepsTheData() {
    store.store(TestReports.incoming(TestReports.full()));
    store.close();
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    assertThat(store.totals().reports()).isEqualTo(1);
    assertThat(store.engine()).isEqualTo(StoreEngine.DUCKDB);
  }
}
