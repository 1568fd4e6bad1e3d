// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.web.sql.SqlDatabase;

/** What {@link SqlSourceStore} does on any engine: stored sources read back equal. */
final class SqlSourceStoreContract {
  static final String V101 = "/db/migration/V101__web_ingest_sources.sql";

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
            "DMARC/failed");
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
    // ids are never reused, not even when every source was deleted
    assertThat(store.delete(2)).isTrue();
    assertThat(store.delete(3)).isTrue();
    assertThat(store.insert(folder).id()).isEqualTo(4);
  }
}
