// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.nio.file.Path;
import java.util.List;
import org.dmarcpilot.app.store.StoreConfig;

/** {@link ExportAgreementContract} on embedded DuckDB in the CLI's data directory. */
class ExportAgreementIT extends ExportAgreementContract {
  @Override
  Engine create(Path dir) {
    return new Engine(StoreConfig.inDataDir(dir), List.of("--data-dir", dir.toString()), () -> {});
  }
}
