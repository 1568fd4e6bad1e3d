// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.app.web.testing.RequiredService;
import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** {@link SqlSourceStore} on the PostgreSQL test server. */
class SqlSourceStorePostgresIT {
  @Test
  void postgres_storedSourcesReadBackEqual() throws Exception {
    RequiredService.require(
        TestDatabases.postgresConfigured(), "PostgreSQL (DMARC_TEST_POSTGRES_URL)");
    SqlDatabase db = TestDatabases.postgres("web_sources_it");
    TestDatabases.migrate(
        db, SqlSourceStoreContract.V101, SqlSourceStoreContract.V102, SqlSourceStoreContract.V103);
    SqlSourceStoreContract.roundTrip(db);
  }

  @Test
  void postgres_accountStoredBeforeV103_signsInWithItsPassword() throws Exception {
    RequiredService.require(
        TestDatabases.postgresConfigured(), "PostgreSQL (DMARC_TEST_POSTGRES_URL)");
    SqlDatabase db = TestDatabases.postgres("web_sources_oauth_it");
    TestDatabases.migrate(db, SqlSourceStoreContract.V101, SqlSourceStoreContract.V102);
    SqlSourceStoreContract.upgradeToOAuth(db);
  }

  @Test
  void postgres_accountStoredBeforeV102_doesNotTrustWithoutACa() throws Exception {
    RequiredService.require(
        TestDatabases.postgresConfigured(), "PostgreSQL (DMARC_TEST_POSTGRES_URL)");
    SqlDatabase db = TestDatabases.postgres("web_sources_upgrade_it");
    TestDatabases.migrate(db, SqlSourceStoreContract.V101);
    SqlSourceStoreContract.upgrade(db);
  }
}
