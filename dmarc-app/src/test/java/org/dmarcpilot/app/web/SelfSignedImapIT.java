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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.ingest.ImapProbe;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.dmarcpilot.app.web.testing.TlsFront;
import org.dmarcpilot.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IMAP account under Settings whose server has a self-signed certificate (for {@code localhost},
 * presented by TLS in front of a GreenMail server): with "Trust this server's certificate without a
 * CA" ticked, the connection test and the running source connect and read; without it, both fail
 * with a certificate error and nothing is read.
 */
class SelfSignedImapIT {
  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  TlsFront tls;
  SourcesServer server;
  Browserless web;
  String csrf;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser("dmarc@example.com", "dmarc", "s3cret-imap");
    TestPki.Issued cert =
        TestPki.issue(
            null,
            "localhost",
            Instant.now().minusSeconds(3600),
            Instant.now().plusSeconds(86400),
            List.of("localhost"),
            null);
    tls = new TlsFront(TestPki.serverContext(cert), mail.getImap().getPort());
    server = new SourcesServer(Files.createDirectories(dir.resolve("data")), List.of());
    web = new Browserless(server.app().uri());
    csrf = web.login("admin", server.adminPassword());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    tls.close();
    mail.stop();
  }

  private Map<String, String> form(boolean trust) {
    Map<String, String> f = new HashMap<>();
    f.put("_csrf", csrf);
    f.put("name", trust ? "Self-signed <i>trusted</i>" : "Self-signed untrusted");
    f.put("host", "localhost");
    f.put("port", String.valueOf(tls.port()));
    f.put("security", "tls");
    f.put("user", "dmarc");
    f.put("password", "s3cret-imap");
    f.put("folder", "INBOX");
    f.put("after", "move");
    f.put("done_folder", "DMARC/done");
    f.put("failed_folder", "DMARC/failed");
    f.put("enabled", "on");
    if (trust) {
      f.put("trust", "on");
    }
    return f;
  }

  private void deliver(String id) throws Exception {
    user.deliver(ReportMail.wholeBody("Report " + id, SourcesIT.report(id, "192.0.2.30")));
  }

  @Test
  void connectionTest_selfSignedServer_connectsOnlyWhenTrusted() throws Exception {
    deliver("tls-1");
    HttpResponse<String> refused = web.postForm("/settings/sources/test", form(false));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
    assertThat(refused.body())
        .contains("Connection test: failed:")
        .contains("failed: " + ImapProbe.UNTRUSTED_CERTIFICATE)
        .contains("tick \"Trust this server's certificate without a CA (self-signed)\"");

    HttpResponse<String> trusted = web.postForm("/settings/sources/test", form(true));
    assertThat(trusted.statusCode()).as(trusted.body()).isEqualTo(200);
    assertThat(trusted.body()).contains("which holds 1 message");
  }

  @Test
  void runningSource_selfSignedServer_readsOnlyWhenTrusted() throws Exception {
    deliver("tls-2");
    // without the box: the account keeps reconnecting with the certificate error, reads nothing
    HttpResponse<String> untrusted = web.postForm("/settings/sources/imap", form(false));
    assertThat(untrusted.statusCode()).as(untrusted.body()).isEqualTo(200);
    waitFor(
        () ->
            server
                .ingest()
                .supervisor()
                .state("settings-1")
                .filter(s -> s.status() == SourceStatus.RECONNECTING && s.lastError() != null)
                .isPresent());
    SourceState failing = server.ingest().supervisor().state("settings-1").orElseThrow();
    assertThat(ImapProbe.untrustedCertificate(failing.lastError()))
        .as(failing.lastError())
        .isTrue();
    assertThat(server.store().totals().reports()).isZero();
    assertThat(web.postForm("/settings/sources/1/delete", Map.of("_csrf", csrf)).statusCode())
        .isEqualTo(200);

    // with it: the account runs and stores the report; the list says so, escaped
    HttpResponse<String> added = web.postForm("/settings/sources/imap", form(true));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("Self-signed &lt;i&gt;trusted&lt;/i&gt;")
        .contains("certificate: trusted without CA");
    // the edit form shows the box ticked
    assertThat(web.get("/settings/sources/2").body())
        .containsPattern("name=\"trust\" value=\"on\" checked");
    // unticked in an edit, the running source loses the trust at once
    Map<String, String> edit = form(false);
    edit.put("password", "");
    assertThat(web.postForm("/settings/sources/2", edit).statusCode()).isEqualTo(200);
    assertThat(web.get("/settings/sources").body()).doesNotContain("certificate: trusted");
    waitFor(
        () ->
            server
                .ingest()
                .supervisor()
                .state("settings-2")
                .filter(s -> ImapProbe.untrustedCertificate(s.lastError()))
                .isPresent());
  }
}
