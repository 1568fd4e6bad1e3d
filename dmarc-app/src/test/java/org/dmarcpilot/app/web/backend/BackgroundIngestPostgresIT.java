// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import org.dmarcpilot.app.web.testing.TestStore;

/** {@link BackgroundIngestContract} on the PostgreSQL test server (a fresh database per store). */
class BackgroundIngestPostgresIT extends BackgroundIngestContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.postgres(name);
  }
}
