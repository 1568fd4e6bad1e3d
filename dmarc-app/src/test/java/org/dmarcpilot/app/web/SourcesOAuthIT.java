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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.ingest.ReportMail;
import org.dmarcpilot.app.ingest.supervise.SourceStatus;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP accounts under Settings that sign in with OAuth 2.0 through a token endpoint, end to end:
 * the server as {@code serve} wires it, a real token endpoint on loopback ({@link
 * LocalTokenEndpoint}) and GreenMail, whose XOAUTH2 takes the user's password as the token. The
 * connection test and the running source log in with a token DMARC Pilot asked for itself; the
 * client secret and the refresh token are stored sealed and never shown back; a token URL that is
 * not https (except to loopback) is refused with its field; there is no way to give a token command
 * through the form.
 */
class SourcesOAuthIT {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6WyJJTUFQIl19.d2Vi";
  private static final String SECRET = "web~client.secret-0123456789";
  private static final String REFRESH = "1//0refresh-token-abcdefghijkl";

  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  LocalTokenEndpoint endpoint;
  SourcesServer server;
  Browserless web;
  String csrf;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser("dmarc@example.com", "dmarc", TOKEN);
    endpoint = LocalTokenEndpoint.start(TOKEN);
    server = new SourcesServer(Files.createDirectories(dir.resolve("data")), List.of());
    web = new Browserless(server.app().uri());
    csrf = web.login("admin", server.adminPassword());
  }

  @AfterEach
  void stop() {
    server.close();
    endpoint.close();
    mail.stop();
  }

  private Map<String, String> oauthForm(String tokenUrl, String secret, String refresh) {
    Map<String, String> f = new HashMap<>();
    f.put("_csrf", csrf);
    f.put("name", "M365 <i>box</i>");
    f.put("host", "127.0.0.1");
    f.put("port", String.valueOf(mail.getImap().getPort()));
    f.put("security", "none");
    f.put("user", "dmarc");
    f.put("password", "");
    f.put("auth", "oauth");
    f.put("token_url", tokenUrl);
    f.put("client_id", "app-id-123");
    f.put("client_secret", secret);
    f.put("refresh_token", refresh);
    f.put("scope", "https://outlook.office365.com/.default");
    f.put("folder", "INBOX");
    f.put("after", "move");
    f.put("done_folder", "DMARC/done");
    f.put("failed_folder", "DMARC/failed");
    f.put("enabled", "on");
    return f;
  }

  private void deliver(String id) throws Exception {
    user.deliver(ReportMail.wholeBody("Report " + id, SourcesIT.report(id, "192.0.2.50")));
  }

  private String stored(String column) {
    return server
        .store()
        .read(
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT " + column + " FROM web_ingest_source WHERE id = 1");
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
              }
            });
  }

  /** The stored refresh token, opened. */
  private String storedRefreshToken() {
    try {
      return server.box().open(stored("imap_refresh_token"), "imap-oauth-refresh-token");
    } catch (org.dmarcpilot.app.secrets.SecretException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertNoSecrets(String page) {
    assertThat(page).doesNotContain(SECRET).doesNotContain(REFRESH).doesNotContain(TOKEN);
  }

  @Test
  void oauthAccount_testedAddedEditedAndSwitchedToPassword_secretsNeverShown() throws Exception {
    deliver("oa-1");
    String url = endpoint.url().toString();

    // the connection test of the form asks the endpoint and logs in with XOAUTH2
    HttpResponse<String> tested =
        web.postForm("/settings/sources/test", oauthForm(url, SECRET, ""));
    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
    assertThat(tested.body()).contains("which holds 1 message");
    assertNoSecrets(tested.body());
    assertThat(endpoint.requests()).hasSize(1);
    assertThat(endpoint.requests().get(0).form())
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", "app-id-123")
        .containsEntry("client_secret", SECRET)
        .containsEntry("scope", "https://outlook.office365.com/.default");

    // added: the source runs with a token of its own endpoint and stores the report
    HttpResponse<String> added = web.postForm("/settings/sources/imap", oauthForm(url, SECRET, ""));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(added.body()).contains("Added M365 &lt;i&gt;box&lt;/i&gt;; it runs now.");
    assertNoSecrets(added.body());
    waitFor(() -> server.store().totals().reports() == 1);
    assertThat(endpoint.requests()).as("one token for the running source").hasSize(2);
    assertThat(stored("imap_client_secret"))
        .startsWith("v1:" + server.box().keyId() + ":")
        .doesNotContain(SECRET);
    assertThat(stored("imap_password")).isEmpty();
    String list = web.get("/settings/sources").body();
    assertThat(list).contains("sign-in: OAuth 2.0 (client_credentials)");
    assertNoSecrets(list);
    String edit = web.get("/settings/sources/1").body();
    assertThat(edit)
        .contains("value=\"" + url + "\"")
        .contains("value=\"app-id-123\"")
        .contains("<option value=\"oauth\" selected>");
    assertNoSecrets(edit);

    // the stored account's test button
    HttpResponse<String> storedTest =
        web.postForm("/settings/sources/1/test", Map.of("_csrf", csrf));
    assertThat(storedTest.statusCode()).as(storedTest.body()).isEqualTo(200);
    assertThat(storedTest.body()).contains("which holds 0 messages");

    // edited with a refresh token, the secret left empty (kept): restarted, refresh_token grant
    String sealedSecret = stored("imap_client_secret");
    int before = endpoint.requests().size();
    HttpResponse<String> saved = web.postForm("/settings/sources/1", oauthForm(url, "", REFRESH));
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertNoSecrets(saved.body());
    assertThat(stored("imap_client_secret")).isEqualTo(sealedSecret);
    assertThat(stored("imap_refresh_token")).startsWith("v1:").doesNotContain(REFRESH);
    deliver("oa-2");
    waitFor(() -> server.store().totals().reports() == 2);
    LocalTokenEndpoint.Received refreshed = endpoint.requests().get(before);
    assertThat(refreshed.form())
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", REFRESH)
        .containsEntry("client_secret", SECRET);
    assertThat(web.get("/settings/sources").body()).contains("sign-in: OAuth 2.0 (refresh_token)");
    assertNoSecrets(web.get("/settings/sources/1").body());

    // switched to the password: one is required, as none is stored; then the OAuth secrets go
    Map<String, String> password = oauthForm(url, "", "");
    password.put("auth", "password");
    HttpResponse<String> noPassword = web.postForm("/settings/sources/1", password);
    assertThat(noPassword.statusCode()).isEqualTo(400);
    assertThat(noPassword.body())
        .contains("data-field=\"password\">The password is required.</small>");
    password.put("password", TOKEN);
    HttpResponse<String> switched = web.postForm("/settings/sources/1", password);
    assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
    assertThat(stored("imap_client_secret")).isNull();
    assertThat(stored("imap_refresh_token")).isNull();
    assertThat(stored("imap_password")).startsWith("v1:");
    int requests = endpoint.requests().size();
    deliver("oa-3");
    waitFor(() -> server.store().totals().reports() == 3);
    assertThat(endpoint.requests()).as("the password needs no token").hasSize(requests);
  }

  @Test
  void rotatedRefreshToken_keptSealed_sourceNotRestarted_andARestartStartsFromIt()
      throws Exception {
    // Microsoft issues a new refresh token with every access token
    endpoint.answer(
        r ->
            LocalTokenEndpoint.Answer.json(
                200,
                "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\""
                    + TOKEN
                    + "\",\"refresh_token\":\"rotated-"
                    + endpoint.requests().size()
                    + "\"}"));
    deliver("rt-1");
    HttpResponse<String> added =
        web.postForm("/settings/sources/imap", oauthForm(endpoint.url().toString(), "", REFRESH));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    assertThat(endpoint.requests()).hasSize(1);
    assertThat(endpoint.requests().get(0).field("refresh_token")).isEqualTo(REFRESH);
    waitFor(() -> storedRefreshToken().equals("rotated-1"));
    assertThat(stored("imap_refresh_token")).doesNotContain("rotated");
    assertNoSecrets(web.get("/settings/sources/1").body());

    // following the stored sources (as every 15 s) does not restart the source for it
    assertThat(server.sources().reconcile()).isZero();
    deliver("rt-2");
    waitFor(() -> server.store().totals().reports() == 2);
    assertThat(endpoint.requests()).as("the token in hand, no restart").hasSize(1);

    // a restart (an upgrade, a reboot) asks with the token issued last, not the first one
    org.dmarcpilot.app.secrets.SecretBox box = server.box();
    server.close();
    server =
        new SourcesServer(
            org.dmarcpilot.app.store.StoreConfig.inDataDir(dir.resolve("data")), List.of(), box);
    deliver("rt-3");
    waitFor(() -> server.store().totals().reports() == 3);
    assertThat(endpoint.requests()).hasSize(2);
    assertThat(endpoint.requests().get(1).field("refresh_token")).isEqualTo("rotated-1");
    waitFor(() -> storedRefreshToken().equals("rotated-2"));
  }

  @Test
  void refusedToken_loginRefused_tryAgainAsksTheEndpointAgainAndReads() throws Exception {
    // a token issued before the mailbox permission was granted: refused by the server
    endpoint.answer(LocalTokenEndpoint.Answer.token("eyJ0eXAiOiJKV1QifQ.bm8tcm9sZXM.c2ln", 3600));
    deliver("oa-r1");
    HttpResponse<String> added =
        web.postForm("/settings/sources/imap", oauthForm(endpoint.url().toString(), SECRET, ""));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    waitFor(
        () ->
            server
                .ingest()
                .supervisor()
                .state("settings-1")
                .filter(s -> s.status() == SourceStatus.LOGIN_REFUSED)
                .isPresent());
    String page = web.get("/settings/sources").body();
    assertThat(page)
        .contains("data-status=\"login_refused\"")
        .contains("the server refused the XOAUTH2 login of dmarc")
        .contains("name=\"source\" value=\"settings-1\"");
    assertNoSecrets(page);
    assertThat(page).doesNotContain("bm8tcm9sZXM");

    // the permission is granted: the endpoint's next token works; Try again asks for it
    endpoint.answer(LocalTokenEndpoint.Answer.token(TOKEN, 3600));
    HttpResponse<String> resumed =
        web.postForm("/settings/sources/resume", Map.of("_csrf", csrf, "source", "settings-1"));
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
  }

  @Test
  void tokenUrl_plainHttpToAnotherHost_refusedWithItsField_nothingAsked() throws Exception {
    HttpResponse<String> refused =
        web.postForm(
            "/settings/sources/imap",
            oauthForm("http://login.example.com/tenant/oauth2/v2.0/token", SECRET, REFRESH));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "data-field=\"token_url\">The token URL http://login.example.com/tenant/oauth2/v2.0/token"
                + " must use https (plain http only to a loopback address such as 127.0.0.1).")
        .contains("value=\"http://login.example.com/tenant/oauth2/v2.0/token\"");
    assertNoSecrets(refused.body());
    HttpResponse<String> notTested =
        web.postForm(
            "/settings/sources/test", oauthForm("http://192.0.2.1/token", SECRET, REFRESH));
    assertThat(notTested.statusCode()).isEqualTo(400);
    assertThat(notTested.body()).contains("data-field=\"token_url\"");
    assertThat(server.sources().rows()).isEmpty();
  }

  @Test
  void tokenCommand_isNotAcceptedFromTheForm() throws Exception {
    Path marker = dir.resolve("ran");
    Map<String, String> command = oauthForm(endpoint.url().toString(), SECRET, "");
    command.put("auth", "command");
    command.put("token_command", "touch " + marker);
    command.put("token-command", "touch " + marker);

    HttpResponse<String> refused = web.postForm("/settings/sources/imap", command);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "data-field=\"auth\">Sign in must be with a password or with OAuth 2.0 through a"
                + " token endpoint.");

    // with the OAuth sign-in, a command field is ignored: the tokens come from the endpoint
    deliver("cmd-1");
    command.put("auth", "oauth");
    HttpResponse<String> added = web.postForm("/settings/sources/imap", command);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    waitFor(() -> server.store().totals().reports() == 1);
    assertThat(endpoint.requests()).hasSize(1);
    assertThat(marker).doesNotExist();
    List<String> columns = new ArrayList<>();
    server
        .store()
        .read(
            c -> {
              try (ResultSet rs =
                  c.getMetaData().getColumns(null, null, "web_ingest_source", null)) {
                while (rs.next()) {
                  columns.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
              }
              return null;
            });
    assertThat(columns).contains("imap_token_url").noneMatch(c -> c.contains("command"));
  }
}
