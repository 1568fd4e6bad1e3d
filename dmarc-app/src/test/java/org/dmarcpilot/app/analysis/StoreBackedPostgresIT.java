// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.TestPostgres;

/** The store-backed parts on a real PostgreSQL server (a fresh database per test). */
class StoreBackedPostgresIT extends StoreBackedContract {
  private TestPostgres db;

  @Override
  ReportStore openStore() {
    db = TestPostgres.create("dmarcpilot_h4_enrich");
    return ReportStores.open(db.config());
  }

  @Override
  void dropStore() throws Exception {
    if (db != null) {
      db.close();
    }
  }
}
