// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link SqlAdvisorSettingsContract} on embedded DuckDB. */
class SqlAdvisorSettingsTest extends SqlAdvisorSettingsContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }
}
