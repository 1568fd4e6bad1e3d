// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link WebPagesContract} on embedded DuckDB. */
class WebPagesIT extends WebPagesContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }
}
