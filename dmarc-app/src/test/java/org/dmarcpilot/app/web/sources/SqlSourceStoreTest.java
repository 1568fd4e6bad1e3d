// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.Test;

class SqlSourceStoreTest {
  @Test
  void duckdb_storedSourcesReadBackEqual() throws Exception {
    try (TestDatabases.DuckDatabase db =
        TestDatabases.duckdb(TestDatabases.WEB_MIGRATIONS[0], SqlSourceStoreContract.V101)) {
      SqlSourceStoreContract.roundTrip(db);
    }
  }
}
