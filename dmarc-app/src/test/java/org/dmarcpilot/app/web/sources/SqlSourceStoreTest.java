// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.Test;

class SqlSourceStoreTest {
  @Test
  void duckdb_storedSourcesReadBackEqual() throws Exception {
    try (TestDatabases.DuckDatabase db =
        TestDatabases.duckdb(
            TestDatabases.WEB_MIGRATIONS[0],
            SqlSourceStoreContract.V101,
            SqlSourceStoreContract.V102,
            SqlSourceStoreContract.V103)) {
      SqlSourceStoreContract.roundTrip(db);
    }
  }

  @Test
  void duckdb_accountStoredBeforeV103_signsInWithItsPassword() throws Exception {
    try (TestDatabases.DuckDatabase db =
        TestDatabases.duckdb(
            TestDatabases.WEB_MIGRATIONS[0],
            SqlSourceStoreContract.V101,
            SqlSourceStoreContract.V102)) {
      SqlSourceStoreContract.upgradeToOAuth(db);
    }
  }

  @Test
  void duckdb_accountStoredBeforeV102_doesNotTrustWithoutACa() throws Exception {
    try (TestDatabases.DuckDatabase db =
        TestDatabases.duckdb(TestDatabases.WEB_MIGRATIONS[0], SqlSourceStoreContract.V101)) {
      SqlSourceStoreContract.upgrade(db);
    }
  }
}
