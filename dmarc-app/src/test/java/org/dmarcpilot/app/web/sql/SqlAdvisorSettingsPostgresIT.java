// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import org.dmarcpilot.app.web.testing.TestStore;

/**
 * {@link SqlAdvisorSettingsContract} on the PostgreSQL test server (a fresh database per store).
 */
class SqlAdvisorSettingsPostgresIT extends SqlAdvisorSettingsContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.postgres(name);
  }
}
