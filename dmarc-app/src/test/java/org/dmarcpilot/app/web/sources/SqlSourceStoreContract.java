// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.app.web.testing.TestDatabases;

/** What {@link SqlSourceStore} does on any engine: stored sources read back equal. */
final class SqlSourceStoreContract {
  static final String V101 = "/db/migration/V101__web_ingest_sources.sql";

  static final String V102 = "/db/migration/V102__web_ingest_source_trust.sql";

  static final String V103 = "/db/migration/V103__web_ingest_source_oauth.sql";

  private SqlSourceStoreContract() {}

  static void roundTrip(SqlDatabase db) {
    SqlSourceStore store = new SqlSourceStore(db, Clock.systemUTC());
    assertThat(store.list()).isEmpty();
    SourceSetting folder =
        store.insert(
            new SourceSetting(
                0, "/srv/in", true, Duration.ofSeconds(60), Path.of("/srv/in"), null));
    ImapAccount account =
        new ImapAccount(
            "imap.example.com",
            0,
            ImapSettings.Security.STARTTLS,
            "dmarc@example.com",
            "v1:abcd1234:sealed",
            "INBOX",
            ImapSettings.AfterCommit.FLAG,
            "DMARC/done",
            "DMARC/failed",
            false);
    SourceSetting imap =
        store.insert(new SourceSetting(0, "Mail <b>", false, Duration.ofMinutes(5), null, account));
    assertThat(folder.id()).isEqualTo(1);
    assertThat(imap.id()).isEqualTo(2);
    assertThat(store.list()).containsExactly(folder, imap);
    assertThat(store.find(2)).contains(imap);
    assertThat(store.find(3)).isEmpty();

    SourceSetting enabled = imap.withEnabled(true);
    assertThat(store.update(enabled)).isTrue();
    assertThat(store.find(2)).contains(enabled);
    assertThat(store.update(enabled.withId(9))).isFalse();

    assertThat(store.delete(1)).isTrue();
    assertThat(store.delete(1)).isFalse();
    assertThat(store.list()).containsExactly(enabled);
    assertThat(store.insert(folder).id()).isEqualTo(3);
    // an account that trusts its self-signed server's certificate reads back so, and the flag
    // changes with an update
    ImapAccount trusting = netAccount(true);
    SourceSetting selfSigned =
        store.insert(
            new SourceSetting(0, "Self-signed", true, Duration.ofMinutes(5), null, trusting));
    assertThat(store.find(selfSigned.id()).orElseThrow().imap().trustCertificate()).isTrue();
    assertThat(store.find(selfSigned.id())).contains(selfSigned);
    assertThat(store.find(2).orElseThrow().imap().trustCertificate()).isFalse();
    SourceSetting untrusted =
        new SourceSetting(
            selfSigned.id(), "Self-signed", true, Duration.ofMinutes(5), null, netAccount(false));
    assertThat(store.update(untrusted)).isTrue();
    assertThat(store.find(selfSigned.id())).contains(untrusted);
    assertThat(store.update(selfSigned)).isTrue();
    assertThat(store.find(selfSigned.id())).contains(selfSigned);
    assertThat(store.delete(selfSigned.id())).isTrue();
    oauthRoundTrip(store);

    // ids are never reused, not even when every source was deleted
    assertThat(store.delete(2)).isTrue();
    assertThat(store.delete(3)).isTrue();
    assertThat(store.insert(folder).id()).isEqualTo(6);
  }

  /**
   * An account that signs in with OAuth reads back with its token endpoint, client, scope and
   * sealed secrets; switched to the password, the OAuth columns are cleared, and back again.
   */
  private static void oauthRoundTrip(SqlSourceStore store) {
    ImapOAuth oauth =
        new ImapOAuth(
            java.net.URI.create("https://oauth2.googleapis.com/token"),
            "1234.apps.googleusercontent.com",
            "v1:abcd1234:secret",
            "v1:abcd1234:refresh",
            "https://mail.google.com/");
    ImapAccount gmail = netAccount(false).withSecrets("", oauth);
    SourceSetting s =
        store.insert(new SourceSetting(0, "Gmail", true, Duration.ofMinutes(5), null, gmail));
    assertThat(store.find(s.id())).contains(s);
    assertThat(store.find(s.id()).orElseThrow().imap().oauth()).isEqualTo(oauth);
    // a rotated refresh token replaces the stored one only while that is the one expected
    assertThat(store.replaceRefreshToken(s.id(), "v1:abcd1234:other", "v1:k:rotated")).isFalse();
    assertThat(store.find(s.id())).contains(s);
    assertThat(store.replaceRefreshToken(s.id(), "v1:abcd1234:refresh", "v1:k:rotated")).isTrue();
    assertThat(store.find(s.id())).contains(s.withSealedRefreshToken("v1:k:rotated"));
    assertThat(store.find(s.id()).orElseThrow().imap().oauth().sealedRefreshToken())
        .isEqualTo("v1:k:rotated");
    assertThat(store.replaceRefreshToken(s.id() + 100, "v1:k:rotated", "v1:k:x")).isFalse();
    SourceSetting password =
        new SourceSetting(s.id(), "Gmail", true, Duration.ofMinutes(5), null, netAccount(false));
    assertThat(store.update(password)).isTrue();
    assertThat(store.find(s.id())).contains(password);
    ImapAccount appOnly = netAccount(false).withSecrets("", oauth.withSealed("v1:k:s2", ""));
    SourceSetting back =
        new SourceSetting(s.id(), "Gmail", true, Duration.ofMinutes(5), null, appOnly);
    assertThat(store.update(back)).isTrue();
    assertThat(store.find(s.id())).contains(back);
    assertThat(store.delete(s.id())).isTrue();
  }

  /**
   * An account stored before V103 (on a database migrated to V102) reads back after V103 as signing
   * in with its password, everything else kept.
   */
  static void upgradeToOAuth(SqlDatabase db) {
    SqlSourceStore store = new SqlSourceStore(db, Clock.systemUTC());
    db.write(
        c -> {
          try (java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(
                "INSERT INTO web_ingest_source (id, kind, name, enabled, poll_seconds, imap_host,"
                    + " imap_port, imap_security, imap_user, imap_password, imap_folder,"
                    + " imap_after, imap_done_folder, imap_failed_folder, imap_trust, created_at,"
                    + " updated_at) VALUES (1, 'imap', 'Old', true, 300, 'mail.example.net', 993,"
                    + " 'TLS', 'reports', 'v1:abcd1234:sealed2', 'INBOX', 'MOVE', 'Done',"
                    + " 'Failed', false, 1, 1)");
          }
          return null;
        });
    TestDatabases.migrate(db, V103);
    assertThat(store.find(1).orElseThrow().imap()).isEqualTo(netAccount(false));
  }

  private static ImapAccount netAccount(boolean trustCertificate) {
    return new ImapAccount(
        "mail.example.net",
        993,
        ImapSettings.Security.TLS,
        "reports",
        "v1:abcd1234:sealed2",
        "INBOX",
        ImapSettings.AfterCommit.MOVE,
        "Done",
        "Failed",
        trustCertificate);
  }

  /**
   * An account stored before V102 (on a database migrated to V101 only) reads back after V102 as
   * not trusting without a CA, with everything else kept.
   */
  static void upgrade(SqlDatabase db) {
    db.write(
        c -> {
          try (java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(
                "INSERT INTO web_ingest_source (id, kind, name, enabled, poll_seconds, imap_host,"
                    + " imap_port, imap_security, imap_user, imap_password, imap_folder,"
                    + " imap_after, imap_done_folder, imap_failed_folder, created_at, updated_at)"
                    + " VALUES (1, 'imap', 'Old', true, 300, 'imap.example.com', 0, 'TLS',"
                    + " 'dmarc', 'v1:k:s', 'INBOX', 'MOVE', 'DMARC/done', 'DMARC/failed', 1, 1)");
          }
          return null;
        });
    TestDatabases.migrate(db, V102, V103);
    SourceSetting old = new SqlSourceStore(db, Clock.systemUTC()).find(1).orElseThrow();
    assertThat(old.name()).isEqualTo("Old");
    assertThat(old.imap())
        .isEqualTo(
            new ImapAccount(
                "imap.example.com",
                0,
                ImapSettings.Security.TLS,
                "dmarc",
                "v1:k:s",
                "INBOX",
                ImapSettings.AfterCommit.MOVE,
                "DMARC/done",
                "DMARC/failed",
                false));
  }
}
