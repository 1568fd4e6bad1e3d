// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.nio.file.Path;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

/** The store-backed parts on embedded DuckDB. */
class StoreBackedDuckDbTest extends StoreBackedContract {
  @TempDir Path dir;

  @Override
  ReportStore openStore() {
    return ReportStores.open(StoreConfig.inDataDir(dir));
  }
}
