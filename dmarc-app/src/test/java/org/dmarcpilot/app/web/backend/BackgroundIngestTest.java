// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link BackgroundIngestContract} on embedded DuckDB. */
class BackgroundIngestTest extends BackgroundIngestContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }
}
