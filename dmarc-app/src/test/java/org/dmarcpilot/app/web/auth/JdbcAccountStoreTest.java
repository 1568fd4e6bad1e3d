// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/** The account store's session operations on DuckDB. */
class JdbcAccountStoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void deleteSessionsOf_endsEveryOneOfThatUser_andNoOther() throws Exception {
    try (TestDatabases.DuckDatabase db = TestDatabases.duckdb()) {
      JdbcAccountStore store = new JdbcAccountStore(db);
      store.addUser(new UserAccount("admin", "$2a$04$x", NOW));
      store.addUser(new UserAccount("bob", "$2a$04$y", NOW));
      store.addSession(new WebSession("a1", "admin", "c", NOW, NOW.plusSeconds(60)));
      store.addSession(new WebSession("a2", "admin", "c", NOW, NOW.minusSeconds(60)));
      store.addSession(new WebSession("b1", "bob", "c", NOW, NOW.plusSeconds(60)));
      store.addToken(new ApiToken("t1", "admin", "n", "hash", NOW));

      assertThat(store.deleteSessionsOf("admin")).isEqualTo(2);

      assertThat(store.findSession("a1")).isEmpty();
      assertThat(store.findSession("a2")).isEmpty();
      assertThat(store.findSession("b1")).isPresent();
      assertThat(store.findToken("t1")).isPresent();
      assertThat(store.findUser("admin")).isPresent();
      assertThat(store.deleteSessionsOf("admin")).isZero();
      assertThat(store.deleteSessionsOf("nobody")).isZero();
    }
  }

  @Test
  void deleteOtherSessionsOf_keepsTheGivenOne_andOtherUsers() throws Exception {
    try (TestDatabases.DuckDatabase db = TestDatabases.duckdb()) {
      JdbcAccountStore store = new JdbcAccountStore(db);
      store.addUser(new UserAccount("admin", "$2a$04$x", NOW));
      store.addUser(new UserAccount("bob", "$2a$04$y", NOW));
      store.addSession(new WebSession("a1", "admin", "c", NOW, NOW.plusSeconds(60)));
      store.addSession(new WebSession("a2", "admin", "c", NOW, NOW.plusSeconds(60)));
      store.addSession(new WebSession("a3", "admin", "c", NOW, NOW.plusSeconds(60)));
      store.addSession(new WebSession("b1", "bob", "c", NOW, NOW.plusSeconds(60)));

      assertThat(store.deleteOtherSessionsOf("admin", "a2")).isEqualTo(2);

      assertThat(store.findSession("a1")).isEmpty();
      assertThat(store.findSession("a2")).isPresent();
      assertThat(store.findSession("a3")).isEmpty();
      assertThat(store.findSession("b1")).isPresent();
      assertThat(store.deleteOtherSessionsOf("bob", "a2")).as("another user's id").isEqualTo(1);
      assertThat(store.findSession("a2")).isPresent();
    }
  }
}
