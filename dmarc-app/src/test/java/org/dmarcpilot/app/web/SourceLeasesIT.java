// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.store.TestPostgres;
import org.dmarcpilot.app.web.sources.FolderRoots;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers wired as {@code serve} wires them, sharing one PostgreSQL database: a watched folder
 * of the configuration (the same in both) and one added under Settings in the first are run by the
 * first; the second lists both as run by another process, on the Settings page and on the Ingestion
 * page, and reads nothing.
 */
class SourceLeasesIT {
  @TempDir Path dir;

  @Test
  void twoServersOneDatabase_secondShowsTheSourcesRunByAnotherProcess() throws Exception {
    Path configured = Files.createDirectories(dir.resolve("configured"));
    Path added = Files.createDirectories(dir.resolve("added <b>"));
    Files.writeString(configured.resolve("1.xml"), SourcesIT.report("c1", "192.0.2.1"));
    Files.writeString(added.resolve("2.xml"), SourcesIT.report("s2", "192.0.2.2"));
    List<SourceDefinition> config =
        List.of(
            SourceDefinition.folder(
                "config-folder-1",
                configured,
                Duration.ofSeconds(1),
                SourceDefinition.Origin.CONFIGURATION));
    // web.folder-roots: the test's folder, in both servers
    FolderRoots roots = new FolderRoots(List.of(dir), dir.resolve("data"), List.of());
    try (TestPostgres db = TestPostgres.create("dmarcpilot_h18_web")) {
      try (SourcesServer first = new SourcesServer(db.config(), config, roots)) {
        Browserless web = new Browserless(first.app().uri());
        String password = first.adminPassword();
        String csrf = web.login("admin", password);
        HttpResponse<String> ok =
            web.postForm(
                "/settings/sources/folders",
                Map.of("_csrf", csrf, "path", added.toString(), "interval", "5", "enabled", "on"));
        assertThat(ok.statusCode()).isLessThan(400);
        waitFor(() -> first.store().totals().reports() == 2);
        waitFor(
            () ->
                first.ingest().supervisor().states().stream()
                    .allMatch(s -> s.status() == SourceStatus.IDLE));

        try (SourcesServer second = new SourcesServer(db.config(), config, roots)) {
          waitFor(
              () ->
                  second.ingest().supervisor().states().size() == 2
                      && second.ingest().supervisor().states().stream()
                          .allMatch(s -> s.status() == SourceStatus.STANDBY));
          Browserless other = new Browserless(second.app().uri());
          other.login("admin", password);
          String settings = other.get("/settings/sources").body();
          assertThat(settings.split("data-status=\"standby\"", -1)).hasSize(3);
          assertThat(settings).contains(">run by another process</span>");
          assertThat(settings).contains("added &lt;b&gt;").doesNotContain("added <b>");
          String ingestion = other.get("/ingestion").body();
          assertThat(ingestion.split("data-status=\"standby\"", -1)).hasSize(3);
          assertThat(ingestion).contains("title=\"Another dmarcpilot serve sharing this database");
          assertThat(web.get("/ingestion").body())
              .doesNotContain("data-status=\"standby\"")
              .doesNotContain("title=\"\"");
          assertThat(second.ingest().supervisor().states()).allMatch(s -> s.reportsStored() == 0);
        }
      }
    }
  }
}
