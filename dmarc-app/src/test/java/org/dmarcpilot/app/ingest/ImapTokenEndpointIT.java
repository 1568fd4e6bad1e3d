// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.ingest.ReportMail.withAttachment;
import static org.dmarcpilot.testing.Wait.waitFor;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint.Answer;
import org.dmarcpilot.app.oauth.TokenEndpoint;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in with XOAUTH2 and tokens DMARC Pilot asks a token endpoint for itself: a real HTTP
 * server on loopback ({@link LocalTokenEndpoint}) plays Microsoft's endpoint, GreenMail the mailbox
 * (its XOAUTH2 takes the user's password as the token), behind a proxy that keeps the commands. A
 * token is kept across connections until shortly before it expires, and forgotten when the server
 * refuses it.
 */
class ImapTokenEndpointIT {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6WyJJTUFQIl19.YXBwLW9ubHk";
  private static final String SECRET = "app~secret.0123456789";

  @TempDir java.nio.file.Path dir;
  GreenMail mail;
  GreenMailUser user;
  ReportStore store;
  CapabilityProxy proxy;
  LocalTokenEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser(ReportMail.TO, "dmarc-reports@example.com", TOKEN);
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    proxy = new CapabilityProxy(mail.getImap().getPort(), Set.of());
    endpoint = LocalTokenEndpoint.start(TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    endpoint.close();
    store.close();
    proxy.close();
    mail.stop();
  }

  private ImapSettings settings(boolean idle) {
    return new ImapSettings(
            "127.0.0.1",
            proxy.port(),
            ImapSettings.Security.NONE,
            "dmarc-reports@example.com",
            "",
            "INBOX",
            "DMARC/done",
            "DMARC/failed",
            ImapSettings.AfterCommit.MOVE,
            idle,
            Duration.ofSeconds(1),
            "",
            5)
        .withAuth(
            new ImapSettings.Auth.Xoauth2(
                new TokenEndpoint(
                    TokenRequest.clientCredentials(
                        endpoint.url(),
                        "app-id-123",
                        SECRET,
                        "https://outlook.office365.com/.default"))));
  }

  private void deliverReport(String id) throws Exception {
    user.deliver(
        withAttachment(
            id,
            id + ".zip",
            "application/zip",
            ReportFixtures.zip(id + ".xml", ReportFixtures.utf8(ReportFixtures.report(id, 1, 1)))));
  }

  private IngestSummary ingest(ImapSettings s) throws InterruptedException {
    return new IngestPipeline(
            store,
            CoreReportParser.withFailureCopy(1 << 20),
            IngestOptions.defaults(),
            IngestListener.NONE)
        .run(List.of(new ImapInputSource(s, 1 << 20)));
  }

  private long authenticates() {
    return proxy.commands().stream().filter(c -> c.equals("AUTHENTICATE")).count();
  }

  @Test
  void ingest_appOnlyToken_logsInAndStoresTheReport() throws Exception {
    deliverReport("EP-1");

    IngestSummary s = ingest(settings(false));

    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).isEqualTo(1);
    assertThat(authenticates()).as("a login for each connection the store opens").isPositive();
    assertThat(proxy.commands()).doesNotContain("LOGIN");
    assertThat(endpoint.requests()).as("one token for all of them").hasSize(1);
    LocalTokenEndpoint.Received r = endpoint.requests().get(0);
    assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.form())
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", "app-id-123")
        .containsEntry("client_secret", SECRET)
        .containsEntry("scope", "https://outlook.office365.com/.default");
  }

  @Test
  void ingest_idling_reusesTheTokenForEveryConnectionWhileItLasts() throws Exception {
    deliverReport("EP-1");
    ImapInputSource source = new ImapInputSource(settings(true), 1 << 20);
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread t = PipelineThreads.start(store, source, 1 << 20, result);
    try {
      waitFor(() -> store.totals().reports() == 1);
      // the poll interval (1 s) ends each connection; each new one logs in again
      waitFor(() -> authenticates() >= 3);
      deliverReport("EP-2");
      waitFor(() -> store.totals().reports() == 2);
    } finally {
      source.stop();
      t.join(10_000);
    }
    assertThat(result.get().error()).isNull();
    assertThat(endpoint.requests()).as("one token for an hour of logins").hasSize(1);
  }

  @Test
  void ingest_endpointRefuses_endsAtOnce_withoutConnecting() throws Exception {
    endpoint.answer(
        Answer.json(
            401,
            "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                + " secret provided.\"}"));

    IngestSummary s = ingest(settings(false));

    assertThat(s.error())
        .isEqualTo(
            "cannot read IMAP dmarc-reports@example.com@127.0.0.1/INBOX: token endpoint "
                + endpoint.url()
                + " answered HTTP 401: invalid_client: AADSTS7000215: Invalid client secret"
                + " provided.");
    assertThat(proxy.commands()).as("no connection without a token").isEmpty();
    assertThat(endpoint.requests()).hasSize(1);
  }

  @Test
  void probe_refusedToken_isForgotten_theNextLoginAsksAgain() throws Exception {
    // a token issued before the mailbox permission was granted: valid for an hour, but refused
    endpoint.answer(Answer.token("eyJ0eXAiOiJKV1QifQ.bm8tcm9sZXM.c2ln", 3600));
    ImapSettings s = settings(false);

    ImapProbe.Result refused = ImapProbe.test(s, Duration.ofSeconds(10));
    endpoint.answer(Answer.token(TOKEN, 3600));
    ImapProbe.Result ok = ImapProbe.test(s, Duration.ofSeconds(10));

    assertThat(refused.ok()).isFalse();
    assertThat(refused.error())
        .startsWith("the server refused the XOAUTH2 login of dmarc-reports@example.com")
        .contains("the token endpoint " + endpoint.url() + " (client_credentials grant")
        .contains("IMAP.AccessAsApp")
        .contains("New-ServicePrincipal")
        .contains("Add-MailboxPermission")
        .doesNotContain("bm8tcm9sZXM");
    assertThat(ok.ok()).as(ok.error()).isTrue();
    // the refused login asked once more at once (the same token: no second login), the next asked
    assertThat(endpoint.requests()).hasSize(3);
    assertThat(authenticates()).isEqualTo(2);
  }

  @Test
  void probe_refusedToken_endpointGivesAnotherAtOnce_logsInWithIt() throws Exception {
    // the kept token was revoked; asked again at once, the endpoint issues a new one
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    endpoint.answer(
        r ->
            asked.incrementAndGet() == 1
                ? Answer.token("eyJ0eXAiOiJKV1QifQ.cmV2b2tlZA.c2ln", 3600)
                : Answer.token(TOKEN, 3600));
    ImapSettings s = settings(false);

    ImapProbe.Result ok = ImapProbe.test(s, Duration.ofSeconds(10));

    assertThat(ok.ok()).as(ok.error()).isTrue();
    assertThat(endpoint.requests()).hasSize(2);
    assertThat(authenticates()).isEqualTo(2);
  }
}
