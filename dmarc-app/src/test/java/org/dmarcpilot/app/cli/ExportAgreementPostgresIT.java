// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmarcpilot.app.store.TestPostgres;

/**
 * {@link ExportAgreementContract} on a fresh database of the PostgreSQL test server; the CLI reads
 * the credentials from {@code config.properties} in its data directory.
 */
class ExportAgreementPostgresIT extends ExportAgreementContract {
  @Override
  Engine create(Path dir) throws Exception {
    TestPostgres pg = TestPostgres.create("export_agreement");
    Files.writeString(
        dir.resolve("config.properties"),
        "db.user=" + pg.user() + "\ndb.password=" + pg.password() + "\n");
    return new Engine(
        pg.config(), List.of("--data-dir", dir.toString(), "--db", pg.url()), pg::close);
  }
}
