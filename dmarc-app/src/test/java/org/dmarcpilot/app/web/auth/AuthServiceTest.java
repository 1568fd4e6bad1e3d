// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import org.dmarcpilot.app.web.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthServiceTest {
  private TestDatabases.DuckDatabase db;
  private LoginThrottleTest.MutableClock clock;
  private AuthService auth;
  private JdbcAccountStore store;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.duckdb();
    clock = new LoginThrottleTest.MutableClock();
    store = new JdbcAccountStore(db);
    auth =
        new AuthService(
            store,
            new PasswordHasher(4, new SecureRandom()),
            new LoginThrottle(3, Duration.ofMinutes(15), clock),
            clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void bootstrapAdmin_firstStartOnly_storesAHashNotThePassword() {
    String pw = auth.bootstrapAdmin().orElseThrow();
    assertThat(pw).hasSize(20);
    assertThat(auth.bootstrapAdmin()).isEmpty();
    UserAccount admin = store.findUser("admin").orElseThrow();
    assertThat(admin.passwordHash()).startsWith("$2").doesNotContain(pw);
    assertThat(auth.login("admin", pw, "127.0.0.1").outcome())
        .isEqualTo(LoginResult.Outcome.SUCCESS);
  }

  @Test
  void login_createsASessionStoredOnlyAsAHash() {
    String pw = auth.bootstrapAdmin().orElseThrow();
    LoginResult r = auth.login("ADMIN ", pw, "127.0.0.1");
    assertThat(r.outcome()).isEqualTo(LoginResult.Outcome.SUCCESS);
    assertThat(store.findSession(r.sessionId())).isEmpty();
    assertThat(store.findSession(r.session().idHash())).isPresent();
    Principal p = auth.session(r.sessionId()).orElseThrow();
    assertThat(p.username()).isEqualTo("admin");
    assertThat(p.csrfToken()).hasSizeGreaterThan(30);
    clock.now = clock.now.plus(AuthService.SESSION_LIFETIME).plusSeconds(1);
    assertThat(auth.session(r.sessionId())).as("expired").isEmpty();
  }

  @Test
  void login_unknownUserAndWrongPassword_lookAlike_andAreThrottled() {
    auth.bootstrapAdmin();
    assertThat(auth.login("nobody", "whatever-password", "10.0.0.1").outcome())
        .isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    assertThat(auth.login("admin", "whatever-password", "10.0.0.1").outcome())
        .isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    assertThat(auth.login("admin", "whatever-password", "10.0.0.1").outcome())
        .isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    LoginResult blocked = auth.login("admin", "whatever-password", "10.0.0.1");
    assertThat(blocked.outcome()).isEqualTo(LoginResult.Outcome.THROTTLED);
    assertThat(blocked.retryAfter()).isPositive();
  }

  @Test
  void logout_endsTheSession() {
    String pw = auth.bootstrapAdmin().orElseThrow();
    LoginResult r = auth.login("admin", pw, "127.0.0.1");
    auth.logout(r.sessionId());
    assertThat(auth.session(r.sessionId())).isEmpty();
  }

  @Test
  void token_isShownOnceAndStoredHashed() {
    auth.bootstrapAdmin();
    AuthService.NewToken t = auth.createToken("admin", "grafana");
    assertThat(t.secret()).startsWith("dp_" + t.token().id() + "_");
    String secretPart = t.secret().substring(t.secret().lastIndexOf('_') + 1);
    assertThat(store.findToken(t.token().id()).orElseThrow().secretHash())
        .doesNotContain(secretPart);
    assertThat(auth.token(t.secret()).orElseThrow().tokenId()).isEqualTo(t.token().id());
    assertThat(auth.token(t.secret() + "x")).isEmpty();
    assertThat(auth.token("dp_" + t.token().id())).isEmpty();
    assertThat(auth.token("Bearer nonsense")).isEmpty();
    assertThat(auth.revokeToken(t.token().id())).isTrue();
    assertThat(auth.token(t.secret())).isEmpty();
  }

  @Test
  void users_addValidateDeleteButNotTheLast() {
    auth.bootstrapAdmin();
    assertThatThrownBy(() -> auth.addUser("Bad Name!", "long enough password"))
        .hasMessageContaining("user name");
    assertThatThrownBy(() -> auth.addUser("bob", "short")).hasMessageContaining("too short");
    auth.addUser("Bob", "long enough password");
    assertThatThrownBy(() -> auth.addUser("bob", "long enough password"))
        .hasMessageContaining("exists");
    assertThat(auth.users()).extracting(UserAccount::username).containsExactly("admin", "bob");
    auth.createToken("bob", "t");
    assertThat(auth.deleteUser("bob")).isTrue();
    assertThat(auth.tokens()).isEmpty();
    assertThatThrownBy(() -> auth.deleteUser("admin")).hasMessageContaining("last user");
  }

  @Test
  void resetPassword_endsOnlyThatUsersSessions_keepsTokens_refusesUnknownAndBad() {
    String adminPw = auth.bootstrapAdmin().orElseThrow();
    auth.addUser("bob", "bob's first password");
    LoginResult bob1 = auth.login("bob", "bob's first password", "127.0.0.1");
    LoginResult bob2 = auth.login("bob", "bob's first password", "127.0.0.2");
    LoginResult admin = auth.login("admin", adminPw, "127.0.0.1");
    AuthService.NewToken token = auth.createToken("bob", "cron");

    assertThat(auth.resetPassword(" BOB ", "bob's second password")).isEqualTo(2);

    assertThat(auth.session(bob1.sessionId())).isEmpty();
    assertThat(auth.session(bob2.sessionId())).isEmpty();
    assertThat(auth.session(admin.sessionId())).isPresent();
    assertThat(auth.token(token.secret())).isPresent();
    assertThat(auth.login("bob", "bob's first password", "127.0.0.3").outcome())
        .isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    assertThat(auth.login("bob", "bob's second password", "127.0.0.3").outcome())
        .isEqualTo(LoginResult.Outcome.SUCCESS);
    assertThatThrownBy(() -> auth.resetPassword("carol", "long enough password"))
        .hasMessage("no such user: carol");
    assertThatThrownBy(() -> auth.resetPassword("bob", "short")).hasMessageContaining("too short");
    assertThatThrownBy(() -> auth.resetPassword("b o b", "long enough password"))
        .hasMessageContaining("user name");
  }

  @Test
  void canonicalUsername_foldsCaseAndSpace_refusesOthers() {
    assertThat(AuthService.canonicalUsername(" Ops.Team-1_x ")).isEqualTo("ops.team-1_x");
    assertThatThrownBy(() -> AuthService.canonicalUsername("")).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> AuthService.canonicalUsername("a".repeat(65)))
        .hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> AuthService.canonicalUsername("ops@example.com"))
        .hasMessageContaining("1 to 64");
    assertThat(AuthService.randomPassword()).hasSize(20).isNotEqualTo(AuthService.randomPassword());
  }
}
