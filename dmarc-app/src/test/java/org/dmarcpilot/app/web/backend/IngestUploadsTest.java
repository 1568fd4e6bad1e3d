// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link IngestUploadsContract} on embedded DuckDB. */
class IngestUploadsTest extends IngestUploadsContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }
}
