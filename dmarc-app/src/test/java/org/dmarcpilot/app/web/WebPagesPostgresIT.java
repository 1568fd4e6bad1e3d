// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link WebPagesContract} on the PostgreSQL test server (a fresh database). */
class WebPagesPostgresIT extends WebPagesContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.postgres(name);
  }
}
