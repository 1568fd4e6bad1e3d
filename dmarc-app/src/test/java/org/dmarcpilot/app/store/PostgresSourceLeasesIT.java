// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmarcpilot.app.store.SourceLeases.SourceLease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Source leases on a real PostgreSQL server, taken by two stores with pools of their own (two
 * sessions each, as two {@code serve} processes have): a lease is held by one at a time, as a
 * session-level advisory lock on a connection of its own; it is released by closing it or by the
 * end of its connection, after which {@link SourceLease#held()} says so and the other store gets
 * it.
 */
class PostgresSourceLeasesIT {
  private TestPostgres db;
  private ReportStore one;
  private ReportStore two;

  @BeforeEach
  void open() {
    db = TestPostgres.create("dmarcpilot_h18_lease");
    one = ReportStores.open(db.config());
    two = ReportStores.open(db.config());
  }

  @AfterEach
  void close() throws Exception {
    // each is null when PostgreSQL is missing and the test was skipped in open()
    for (AutoCloseable c : new AutoCloseable[] {one, two, db}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void lease_heldByOneStoreAtATime_releasedOnClose() {
    SourceLease a = one.leases().tryAcquire("source:settings-1").orElseThrow();
    assertThat(a.held()).isTrue();
    assertThat(two.leases().tryAcquire("source:settings-1")).isEmpty();
    // the same store's second try is another session too: a second runner in one process waits
    assertThat(one.leases().tryAcquire("source:settings-1")).isEmpty();
    try (SourceLease other = two.leases().tryAcquire("source:settings-2").orElseThrow()) {
      assertThat(other.held()).isTrue();
    }
    assertThat(advisoryLocks()).containsExactly(lockOf("source:settings-1"));

    a.close();
    assertThat(a.held()).isFalse();
    assertThat(advisoryLocks()).isEmpty();
    try (SourceLease b = two.leases().tryAcquire("source:settings-1").orElseThrow()) {
      assertThat(b.held()).isTrue();
      assertThat(one.leases().tryAcquire("source:settings-1")).isEmpty();
    }
  }

  @Test
  void lease_connectionEnds_notHeldAndTakenByTheOther() throws Exception {
    SourceLease a = one.leases().tryAcquire("configuration:folder:/srv/dmarc").orElseThrow();
    assertThat(two.leases().tryAcquire("configuration:folder:/srv/dmarc")).isEmpty();

    // the server ends the lease's session (a dropped connection, a restarted server)
    assertThat(terminateLeaseSessions()).isEqualTo(1);
    assertThat(a.held()).isFalse();
    assertThat(a.held()).isFalse();
    Optional<SourceLease> b = two.leases().tryAcquire("configuration:folder:/srv/dmarc");
    assertThat(b).isPresent();
    b.get().close();
    a.close(); // closing a lost lease is harmless
  }

  @Test
  void lease_serverUnreachable_errorNamesTheDatabaseAndTheSource() {
    PostgresSourceLeases leases =
        new PostgresSourceLeases(
            StoreConfig.postgres("jdbc:postgresql://127.0.0.1:1/nowhere", db.user(), "x"),
            "the PostgreSQL database jdbc:postgresql://127.0.0.1:1/nowhere");
    assertThatThrownBy(() -> leases.tryAcquire("source:settings-9"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to the PostgreSQL database")
        .hasMessageContaining("127.0.0.1:1/nowhere")
        .hasMessageContaining("source:settings-9");
  }

  @Test
  void lockKey_stableAndSpread() {
    assertThat(PostgresSourceLeases.lockKey("source:settings-1"))
        .isEqualTo(PostgresSourceLeases.lockKey("source:settings-1"))
        .isNotEqualTo(PostgresSourceLeases.lockKey("source:settings-2"));
  }

  /**
   * Two sources whose keys share the first 32 bits of their SHA-256 (found by a birthday search
   * over a few hundred thousand names) are leased apart: a 32-bit lock key would make one wait for
   * the other for as long as the other runs, which for a mailbox is for ever.
   */
  @Test
  void lease_keysThatShareThirtyTwoBitsOfTheirHash_heldAtOnce() {
    Map<Integer, String> seen = new HashMap<>();
    String first = null;
    String second = null;
    for (int i = 0; i < 2_000_000 && first == null; i++) {
      String key = "source:imap-" + i;
      byte[] h = Sha256.digest().digest(key.getBytes(StandardCharsets.UTF_8));
      int top = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
      String earlier = seen.putIfAbsent(top, key);
      if (earlier != null) {
        first = earlier;
        second = key;
      }
    }
    assertThat(first).as("a pair of keys sharing 32 bits").isNotNull();
    try (SourceLease a = one.leases().tryAcquire(first).orElseThrow();
        SourceLease b = two.leases().tryAcquire(second).orElseThrow()) {
      assertThat(a.held()).isTrue();
      assertThat(b.held()).isTrue();
      assertThat(one.leases().tryAcquire(second)).as(second + " is held").isEmpty();
    }
  }

  /** A lease's lock as pg_locks shows the one-bigint form: high/low 32 bits/1. */
  private static String lockOf(String key) {
    long k = PostgresSourceLeases.lockKey(key);
    return (int) (k >>> 32) + "/" + (int) k + "/1";
  }

  /** The advisory locks granted in the test database, as classid/objid/objsubid. */
  private List<String> advisoryLocks() {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT classid::bigint, objid::bigint, objsubid FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database())");
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        // pg_locks shows the keys as unsigned oids
        out.add((int) rs.getLong(1) + "/" + (int) rs.getLong(2) + "/" + rs.getInt(3));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Ends every session that holds an advisory lock in the test database. */
  private int terminateLeaseSessions() throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid, 10000))"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND a.datname = current_database() AND a.application_name = ?")) {
      ps.setString(1, PostgresSourceLeases.APPLICATION_NAME);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
