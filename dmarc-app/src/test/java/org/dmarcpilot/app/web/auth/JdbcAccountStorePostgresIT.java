// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.app.web.testing.RequiredService;
import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The account store on the real PostgreSQL server: same SQL, same behaviour as on DuckDB. */
class JdbcAccountStorePostgresIT {
  @Test
  void accounts_roundTripOnPostgres() throws Exception {
    RequiredService.require(
        TestDatabases.postgresConfigured(), "PostgreSQL (DMARC_TEST_POSTGRES_URL)");
    SqlDatabase ds = TestDatabases.postgres("web_accounts_it");
    JdbcAccountStore store = new JdbcAccountStore(ds);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(store.addUser(new UserAccount("admin", "$2a$04$x", now))).isTrue();
    assertThat(store.addUser(new UserAccount("admin", "$2a$04$y", now))).isFalse();
    store.addSession(new WebSession("h1", "admin", "c1", now, now.plusSeconds(60)));
    assertThat(store.findSession("h1").orElseThrow().expiresAt()).isEqualTo(now.plusSeconds(60));
    assertThat(store.deleteExpiredSessions(now.plusSeconds(61))).isEqualTo(1);
    store.addSession(new WebSession("h2", "admin", "c2", now, now.plusSeconds(60)));
    store.addSession(new WebSession("h3", "admin", "c3", now, now.plusSeconds(60)));
    assertThat(store.deleteSessionsOf("admin")).isEqualTo(2);
    assertThat(store.findSession("h2")).isEmpty();
    assertThat(store.findUser("admin")).isPresent();
    store.addToken(new ApiToken("t1", "admin", "n", "hash", now));
    assertThat(store.tokens()).hasSize(1);
    assertThat(store.deleteUser("admin")).isTrue();
    assertThat(store.tokens()).isEmpty();
  }

  @Test
  void addUser_concurrentSameName_exactlyOneWins() throws Exception {
    RequiredService.require(
        TestDatabases.postgresConfigured(), "PostgreSQL (DMARC_TEST_POSTGRES_URL)");
    SqlDatabase ds = TestDatabases.postgres("web_accounts_race_it");
    JdbcAccountStore store = new JdbcAccountStore(ds);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String hash = "$2a$04$" + i;
        results.add(
            pool.submit(() -> store.addUser(new UserAccount("admin", hash, Instant.EPOCH))));
      }
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }
}
