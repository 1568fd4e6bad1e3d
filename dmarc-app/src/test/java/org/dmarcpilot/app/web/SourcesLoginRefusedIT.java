// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mailbox whose login the server (GreenMail) refuses, end to end through the server as {@code
 * serve} wires it: the source stops logging in and shows as needing attention, with the
 * explanation, on the Settings sources page and the Ingestion page (escaped) and in {@code
 * /metrics}; "Try again" (a POST with the session's CSRF token) logs in once more, and saving the
 * account's settings does too. Before the fix such an account kept reconnecting every 5 s to 5 min
 * and offered no way to stop or resume it.
 */
class SourcesLoginRefusedIT {
  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  SourcesServer server;
  Browserless web;
  String csrf;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser("dmarc@example.com", "dmarc", "s3cret-imap");
  }

  private void serve(List<SourceDefinition> configured) throws Exception {
    server = new SourcesServer(Files.createDirectories(dir.resolve("data")), configured);
    web = new Browserless(server.app().uri());
    csrf = web.login("admin", server.adminPassword());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    mail.stop();
  }

  private Map<String, String> imapForm(String password) {
    Map<String, String> f = new HashMap<>();
    f.put("_csrf", csrf);
    f.put("name", "Reports <b>box</b>");
    f.put("host", "127.0.0.1");
    f.put("port", String.valueOf(mail.getImap().getPort()));
    f.put("security", "none");
    f.put("user", "dmarc");
    f.put("password", password);
    f.put("folder", "INBOX");
    f.put("after", "move");
    f.put("done_folder", "DMARC/done");
    f.put("failed_folder", "DMARC/failed");
    f.put("interval", "300");
    f.put("enabled", "on");
    return f;
  }

  private SourceState waitForState(String id, Predicate<SourceState> p) throws Exception {
    waitFor(() -> server.ingest().supervisor().state(id).filter(p).isPresent());
    return server.ingest().supervisor().state(id).orElseThrow();
  }

  private static Predicate<SourceState> refused() {
    return s -> s.status() == SourceStatus.LOGIN_REFUSED;
  }

  private void deliver(String id) throws Exception {
    user.deliver(ReportMail.wholeBody("Report " + id, SourcesIT.report(id, "192.0.2.40")));
  }

  @Test
  void storedAccount_refusedLogin_needsAttention_tryAgainAndSaveLogInAgain() throws Exception {
    serve(List.of());
    deliver("att-1");
    HttpResponse<String> added =
        web.postForm("/settings/sources/imap", imapForm("not-the-password"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    SourceState stopped = waitForState("settings-1", refused());
    Instant firstRefusal = stopped.lastErrorAt();

    // shown as needing attention, with the explanation and a Try again form, escaped
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("data-status=\"login_refused\"")
        .contains("login refused: needs attention")
        .contains("the server refused the login of dmarc")
        .contains("correct the account and save it under Settings")
        .contains("action=\"/settings/sources/resume\"")
        .contains("name=\"source\" value=\"settings-1\"")
        .doesNotContain("not-the-password");
    assertThat(page.substring(page.indexOf("data-resume=\"settings-1\"")))
        .contains("name=\"_csrf\" value=\"" + csrf + "\"");
    String ingestion = web.get("/ingestion").body();
    assertThat(ingestion)
        .contains("data-status=\"login_refused\"")
        .contains("data-resume=\"settings-1\"");
    assertThat(web.get("/metrics").body())
        .contains("dmarcpilot_ingest_sources{status=\"login_refused\"} 1.0")
        .contains("dmarcpilot_ingest_sources{status=\"idle\"} 0.0");

    // without the CSRF token, or for no such source, nothing is done
    assertThat(
            web.postForm("/settings/sources/resume", Map.of("source", "settings-1")).statusCode())
        .isEqualTo(403);
    assertThat(
            web.postForm("/settings/sources/resume", Map.of("_csrf", csrf, "source", "settings-9"))
                .statusCode())
        .isEqualTo(404);
    assertThat(web.postForm("/settings/sources/resume", Map.of("_csrf", csrf)).statusCode())
        .isEqualTo(400);
    SourceState still = server.ingest().supervisor().state("settings-1").orElseThrow();
    assertThat(still.status()).isEqualTo(SourceStatus.LOGIN_REFUSED);
    assertThat(still.lastErrorAt()).isEqualTo(firstRefusal);

    // the mailbox's password is set to the one stored: Try again reads the mail
    user.setPassword("not-the-password");
    HttpResponse<String> resumed =
        web.postForm("/settings/sources/resume", Map.of("_csrf", csrf, "source", "settings-1"));
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(resumed.body())
        .contains("Trying Reports &lt;b&gt;box&lt;/b&gt; again: it logs in once")
        .doesNotContain("<b>box</b>");
    waitFor(() -> server.store().totals().reports() == 1);
    waitForState("settings-1", s -> s.status() == SourceStatus.IDLE);
    HttpResponse<String> again =
        web.postForm("/settings/sources/resume", Map.of("_csrf", csrf, "source", "settings-1"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body())
        .contains("Reports &lt;b&gt;box&lt;/b&gt; is not waiting after a refused login");

    // the password changes on the server: refused again; saving the right one logs in again
    user.setPassword("changed-on-the-server");
    web.postForm("/settings/sources/1/disable", Map.of("_csrf", csrf));
    web.postForm("/settings/sources/1/enable", Map.of("_csrf", csrf));
    waitForState("settings-1", refused());
    deliver("att-2");
    HttpResponse<String> saved =
        web.postForm("/settings/sources/1", imapForm("changed-on-the-server"));
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 2);
    assertThat(web.get("/metrics").body())
        .contains("dmarcpilot_ingest_sources{status=\"login_refused\"} 0.0");
  }

  @Test
  void configuredMailbox_refusedLogin_tryAgainOnTheSourcesPage() throws Exception {
    ImapSettings s =
        new ImapSettings(
            "127.0.0.1",
            mail.getImap().getPort(),
            ImapSettings.Security.NONE,
            "dmarc",
            "old-password",
            "INBOX",
            "DMARC/done",
            "DMARC/failed",
            ImapSettings.AfterCommit.MOVE,
            true,
            Duration.ofMinutes(5),
            "",
            Integer.MAX_VALUE);
    deliver("cfg-1");
    serve(
        List.of(
            SourceDefinition.mailbox(
                "config-imap", s.mailbox(), s, SourceDefinition.Origin.CONFIGURATION)));
    waitForState("config-imap", refused());
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("from the configuration")
        .contains("the server refused the login of dmarc")
        .contains("correct imap.* in the configuration and restart serve")
        .contains("name=\"source\" value=\"config-imap\"");
    // the configuration's mailbox shows its security and what happens after storing, as an account
    assertThat(page)
        .containsPattern(
            "data-source=\"config-imap\">.*?<td>NONE</td><td>move to <code>DMARC/done</code></td>");

    user.setPassword("old-password");
    HttpResponse<String> resumed =
        web.postForm("/settings/sources/resume", Map.of("_csrf", csrf, "source", "config-imap"));
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    assertThat(web.get("/settings/sources").body()).doesNotContain("data-resume=");
  }
}
