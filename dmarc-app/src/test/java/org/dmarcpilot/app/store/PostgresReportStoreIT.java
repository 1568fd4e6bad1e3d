// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

/** The store contract on a real PostgreSQL server (a fresh database per test). */
class PostgresReportStoreIT extends ReportStoreContract {
  private TestPostgres db;

  @Override
  ReportStore openStore() {
    db = TestPostgres.create("dmarcpilot_h3_store");
    return ReportStores.open(db.config());
  }

  @Override
  void dropStore() throws Exception {
    if (db != null) {
      db.close();
    }
  }
}
