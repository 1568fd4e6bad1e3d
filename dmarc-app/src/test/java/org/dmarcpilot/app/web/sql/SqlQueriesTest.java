// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link SqlQueriesContract} on embedded DuckDB. */
class SqlQueriesTest extends SqlQueriesContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }
}
