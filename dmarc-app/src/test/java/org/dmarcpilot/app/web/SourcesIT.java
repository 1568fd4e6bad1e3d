// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.Wait.waitFor;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Ingestion sources managed under Settings, end to end: the real store, the server as {@code serve}
 * wires it, a GreenMail IMAP server, forms posted over HTTP with the session's CSRF token. An
 * account added through the form reads a report appended to the mailbox; disabling it stops its
 * thread (a message appended then stays unread until it is enabled again); a watched folder added
 * through the form picks up a dropped file; bad fields are refused with their messages, escaped.
 */
class SourcesIT {
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
    Path data = Files.createDirectories(dir.resolve("data"));
    server =
        new SourcesServer(data, List.of(), List.of(dir)); // web.folder-roots: the test's folder
    web = new Browserless(server.app().uri());
    csrf = web.login("admin", server.adminPassword());
  }

  @AfterEach
  void stop() {
    server.close();
    mail.stop();
  }

  static String report(String id, String ip) {
    return "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>receiver.example</org_name>"
        + "<email>r@receiver.example</email><report_id>"
        + id
        + "</report_id><date_range><begin>1714521600</begin><end>1714607999</end></date_range>"
        + "</report_metadata><policy_published><domain>example.com</domain><p>none</p>"
        + "</policy_published><record><row><source_ip>"
        + ip
        + "</source_ip><count>3</count><policy_evaluated><disposition>none</disposition>"
        + "<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers>"
        + "<header_from>example.com</header_from></identifiers><auth_results><spf>"
        + "<domain>example.com</domain><result>pass</result></spf></auth_results></record>"
        + "</feedback>";
  }

  private void deliver(String id, String ip) throws Exception {
    user.deliver(ReportMail.wholeBody("Report " + id, report(id, ip)));
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
    f.put("enabled", "on");
    return f;
  }

  @Test
  void imapAccount_addedThroughTheForm_ingestsStopsWhenDisabledAndResumes() throws Exception {
    // a bad form is refused, each field named
    Map<String, String> bad = imapForm("");
    bad.put("host", "not a host!");
    bad.put("port", "70000");
    HttpResponse<String> refused = web.postForm("/settings/sources/imap", bad);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("The host must be a host name")
        .contains("The port must be a whole number from 1 to 65535.")
        .contains("The password is required.");

    // the connection test logs in and counts
    deliver("box-1", "192.0.2.10");
    HttpResponse<String> tested = web.postForm("/settings/sources/test", imapForm("s3cret-imap"));
    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
    assertThat(tested.body()).contains("which holds 1 message");
    HttpResponse<String> wrong = web.postForm("/settings/sources/test", imapForm("wrong"));
    assertThat(wrong.statusCode()).isEqualTo(502);
    assertThat(wrong.body()).contains("Connection test: failed:");

    // added: the account runs at once and stores the report in the mailbox
    HttpResponse<String> added = web.postForm("/settings/sources/imap", imapForm("s3cret-imap"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(added.body())
        .contains("Added Reports &lt;b&gt;box&lt;/b&gt;; it runs now.")
        .doesNotContain("s3cret-imap");
    waitFor(() -> server.store().totals().reports() == 1);
    SourceState state = waitForState("settings-1", s -> s.reportsStored() == 1);
    assertThat(state.definition().origin()).isEqualTo(SourceDefinition.Origin.SETTINGS);
    waitFor(
        () -> {
          try {
            String page = web.get("/ingestion").body();
            return page.contains("data-source=\"settings-1\"")
                && page.contains("<td class=\"num\" data-field=\"stored\">1</td>");
          } catch (Exception e) {
            return false;
          }
        });

    // the password is stored sealed, never in clear
    String sealed = storedPassword();
    assertThat(sealed).startsWith("v1:" + server.box().keyId() + ":").doesNotContain("s3cret");
    assertThat(web.get("/settings/sources/1").body())
        .contains("placeholder=\"unchanged\"")
        .doesNotContain("s3cret-imap");

    // disabled: the thread ends; a message appended meanwhile stays unread
    HttpResponse<String> disabled =
        web.postForm("/settings/sources/1/disable", Map.of("_csrf", csrf));
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(threadAlive("dmarcpilot-source-settings-1")).isFalse();
    assertThat(server.ingest().supervisor().state("settings-1").orElseThrow().status())
        .isEqualTo(SourceStatus.STOPPED);
    deliver("box-2", "192.0.2.11");
    Thread.sleep(3000);
    assertThat(server.store().totals().reports()).isEqualTo(1);

    // an edit with an empty password keeps the stored one; enabled again, it reads the new mail
    Map<String, String> edit = imapForm("");
    edit.put("name", "Reports");
    HttpResponse<String> saved = web.postForm("/settings/sources/1", edit);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(storedPassword()).isEqualTo(sealed);
    waitFor(() -> server.store().totals().reports() == 2);
    assertThat(threadAlive("dmarcpilot-source-settings-1")).isTrue();

    // deleted: stopped and gone from both pages
    HttpResponse<String> deleted =
        web.postForm("/settings/sources/1/delete", Map.of("_csrf", csrf));
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(threadAlive("dmarcpilot-source-settings-1")).isFalse();
    assertThat(server.ingest().supervisor().states()).isEmpty();
    assertThat(web.get("/ingestion").body()).doesNotContain("data-source=\"settings-1\"");

    // a password the server refuses: the account stops logging in, with the error shown
    // (SourcesLoginRefusedIT follows it further)
    HttpResponse<String> refusedLogin =
        web.postForm("/settings/sources/imap", imapForm("not-the-password"));
    assertThat(refusedLogin.statusCode()).isEqualTo(200);
    SourceState failing =
        waitForState(
            "settings-2", s -> s.status() == SourceStatus.LOGIN_REFUSED && s.lastError() != null);
    assertThat(failing.reportsStored()).isZero();
    String ingestion = web.get("/ingestion").body();
    assertThat(ingestion).contains("data-status=\"login_refused\"");
    assertThat(ingestion).contains(failing.lastError().substring(0, 10));
  }

  @Test
  void watchedFolder_addedThroughTheForm_picksUpADroppedFile() throws Exception {
    Path watched = Files.createDirectories(dir.resolve("incoming"));
    Files.writeString(
        watched.resolve("r.xml"), report("file-1", "192.0.2.20"), StandardCharsets.UTF_8);
    HttpResponse<String> added =
        web.postForm(
            "/settings/sources/folders",
            Map.of("_csrf", csrf, "path", watched.toString(), "interval", "5", "enabled", "on"));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    waitForState("settings-1", s -> s.reportsStored() == 1 && s.lastRun() != null);

    // the same folder twice is refused
    HttpResponse<String> again =
        web.postForm(
            "/settings/sources/folders",
            Map.of("_csrf", csrf, "path", watched.toString(), "interval", "5", "enabled", "on"));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("This folder is watched already.");
  }

  @Test
  void forms_badOrHostileInput_refusedWithEscapedMessages() throws Exception {
    HttpResponse<String> missing =
        web.postForm(
            "/settings/sources/folders",
            Map.of(
                "_csrf",
                csrf,
                "path",
                dir.resolve("nonexistent/<script>alert(1)</script>").toString(),
                "interval",
                "0"));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body())
        .contains("does not exist on the server")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)")
        .contains("The interval must be a whole number from 5 to 86400.");
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    assertThat(
            web.postForm(
                    "/settings/sources/folders",
                    Map.of("_csrf", csrf, "path", file.toString(), "interval", "60"))
                .body())
        .contains("is not a folder.");
    Map<String, String> remoteClear = imapForm("pw");
    remoteClear.put("host", "imap.example.com");
    assertThat(web.postForm("/settings/sources/imap", remoteClear).body())
        .contains("Security 'none' sends the password in clear");
    // without the CSRF token nothing is done
    Map<String, String> noToken = new HashMap<>(imapForm("pw"));
    noToken.remove("_csrf");
    assertThat(web.postForm("/settings/sources/imap", noToken).statusCode()).isEqualTo(403);
    assertThat(server.ingest().supervisor().states()).isEmpty();
    assertThat(web.get("/settings/sources/99").statusCode()).isEqualTo(404);
  }

  private String storedPassword() {
    return server
        .store()
        .read(
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT imap_password FROM web_ingest_source WHERE id = 1");
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
              }
            });
  }

  private SourceState waitForState(String id, java.util.function.Predicate<SourceState> p)
      throws Exception {
    waitFor(() -> server.ingest().supervisor().state(id).filter(p).isPresent());
    return server.ingest().supervisor().state(id).orElseThrow();
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
