// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which folders a dashboard user may watch, end to end over HTTP. Every file of a watched folder
 * that holds no report is kept in the failure log, which the Ingestion page serves: before, any
 * readable folder could be added (the data directory with the key that seals the IMAP passwords,
 * {@code /etc}, {@code ~/.ssh}), so any dashboard user could read any file the server could. Now a
 * folder must be inside {@code web.folder-roots} (none: adding is turned off, and the page says
 * so), never the data directory or above it; a stored folder no longer allowed is not run and says
 * why; a link in a dashboard folder is not followed.
 */
class SourceFolderRootsIT {
  @TempDir Path dir;
  SourcesServer server;
  Browserless web;
  String csrf;
  String password;

  private void start(List<Path> roots) throws Exception {
    server = new SourcesServer(Files.createDirectories(dir.resolve("data")), List.of(), roots);
    web = new Browserless(server.app().uri());
    if (password == null) {
      password = server.adminPassword();
    }
    csrf = web.login("admin", password);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> addFolder(Path folder) throws Exception {
    return web.postForm(
        "/settings/sources/folders",
        Map.of("_csrf", csrf, "path", folder.toString(), "interval", "5", "enabled", "on"));
  }

  /** A folder with a file the dashboard user must not read. */
  private Path secretFolder(String name) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("id_ed25519"), "PRIVATE KEY 1234", StandardCharsets.UTF_8);
    return folder;
  }

  @Test
  void noRoots_thePageSaysSoUpFront_andAFolderIsRefusedNamingTheKey() throws Exception {
    start(List.of());
    Path folder = secretFolder("ssh");
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("id=\"folder-roots\"")
        .contains("Watching a folder from the dashboard is turned off")
        .contains("web.folder-roots (DMARCPILOT_WEB_FOLDER_ROOTS)")
        .doesNotContain("id=\"add-folder-form\"");

    HttpResponse<String> refused = addFolder(folder);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("Not added: Watching a folder from the dashboard is turned off")
        .contains("web.folder-roots");
    Thread.sleep(1500);
    assertThat(server.sources().rows()).isEmpty();
    assertThat(server.store().failures(10)).isEmpty();
  }

  @Test
  void roots_theDataDirectoryAboveItAndFoldersOutside_refused_insideAdded() throws Exception {
    Path root = Files.createDirectories(dir.resolve("drop"));
    start(List.of(dir, root));
    Path data = dir.resolve("data");
    Files.writeString(data.resolve("config.properties"), "db.password=x\n");
    for (Path p : List.of(data, data.resolve(".."), dir)) {
      HttpResponse<String> r = addFolder(p);
      assertThat(r.statusCode()).as(p.toString()).isEqualTo(400);
      assertThat(r.body())
          .as(p.toString())
          .contains("the data directory of DMARC Pilot (" + data + ")")
          .contains("it can never be watched");
    }
    HttpResponse<String> outside = addFolder(Path.of("/etc"));
    assertThat(outside.statusCode()).isEqualTo(400);
    assertThat(outside.body())
        .contains("The folder /etc is not inside a folder the administrator allows")
        .doesNotContain("does not exist");
    String page = web.get("/settings/sources").body();
    assertThat(page).contains("id=\"add-folder-form\"").contains("<code>" + root + "</code>");

    Path inside = Files.createDirectories(root.resolve("reports"));
    Files.writeString(inside.resolve("r.xml"), SourcesIT.report("roots-1", "192.0.2.40"));
    assertThat(addFolder(inside).statusCode()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    Thread.sleep(500);
    assertThat(server.store().failures(10)).isEmpty();
  }

  @Test
  void storedFolderNoLongerAllowed_notRun_saysWhy_canBeDeleted() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("incoming"));
    start(List.of(dir));
    assertThat(addFolder(folder).statusCode()).isEqualTo(200);
    waitFor(
        () ->
            server
                .ingest()
                .supervisor()
                .state("settings-1")
                .filter(s -> s.lastRun() != null)
                .isPresent());
    server.close();
    server = null;

    // the upgrade (or roots changed): a file lands in the folder, which is no longer allowed
    Files.writeString(folder.resolve("id_rsa"), "PRIVATE KEY 5678", StandardCharsets.UTF_8);
    start(List.of());
    SourceState state = server.ingest().supervisor().state("settings-1").orElseThrow();
    assertThat(state.status()).isEqualTo(SourceStatus.STOPPED);
    assertThat(state.lastError())
        .startsWith("not run: Watching a folder from the dashboard is turned off")
        .endsWith("Change or delete it.");
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("data-source-id=\"1\"")
        .contains("not run: Watching a folder from the dashboard is turned off");
    assertThat(web.get("/ingestion").body()).contains("not run: Watching a folder");
    Thread.sleep(1500);
    assertThat(server.store().failures(10)).isEmpty();

    // enabling it again does not run it; changing it is refused with the reason
    web.postForm("/settings/sources/1/enable", Map.of("_csrf", csrf));
    assertThat(server.ingest().supervisor().state("settings-1").orElseThrow().status())
        .isEqualTo(SourceStatus.STOPPED);
    HttpResponse<String> changed =
        web.postForm(
            "/settings/sources/1",
            Map.of("_csrf", csrf, "path", folder.toString(), "interval", "5", "enabled", "on"));
    assertThat(changed.statusCode()).isEqualTo(400);
    assertThat(changed.body()).contains("Watching a folder from the dashboard is turned off");
    Thread.sleep(1000);
    assertThat(server.store().failures(10)).isEmpty();

    assertThat(web.postForm("/settings/sources/1/delete", Map.of("_csrf", csrf)).statusCode())
        .isEqualTo(200);
    assertThat(server.sources().rows()).isEmpty();
    assertThat(server.ingest().supervisor().states()).isEmpty();
  }

  @Test
  void dashboardFolder_aLinkToAFileOutside_notRead_noBytesServed() throws Exception {
    Path secrets = secretFolder("secrets");
    Path root = Files.createDirectories(dir.resolve("drop"));
    Path folder = Files.createDirectories(root.resolve("reports"));
    Files.createSymbolicLink(folder.resolve("key.txt"), secrets.resolve("id_ed25519"));
    Files.writeString(folder.resolve("r.xml"), SourcesIT.report("link-1", "192.0.2.41"));
    start(List.of(root));
    assertThat(addFolder(folder).statusCode()).isEqualTo(200);
    waitFor(
        () -> server.store().totals().reports() == 1 && server.store().failures(10).size() == 1);
    IngestFailure f = server.store().failures(10).get(0);
    assertThat(f.source().path()).isEqualTo(folder.resolve("key.txt").toString());
    assertThat(f.reason()).contains("links are not followed").doesNotContain("PRIVATE KEY");
    assertThat(f.original()).isEmpty();
    String ingestion = web.get("/ingestion").body();
    assertThat(ingestion).contains("links are not followed").doesNotContain("PRIVATE KEY");
    for (int id = 1; id <= 3; id++) {
      HttpResponse<byte[]> original = web.getBytes("/ingestion/failures/" + id + "/original");
      assertThat(new String(original.body(), StandardCharsets.ISO_8859_1))
          .doesNotContain("PRIVATE KEY");
    }
  }
}
