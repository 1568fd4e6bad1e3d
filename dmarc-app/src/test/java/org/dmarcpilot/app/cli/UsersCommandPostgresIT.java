// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.TestPostgres;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginResult;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.auth.UserAccount;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.dmarcpilot.app.web.testing.Browserless;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmarcpilot users} on a real PostgreSQL database (skipped without one, failed under {@code
 * -Ddmarc.services.required=true}): every subcommand, and a password reset while {@code serve} runs
 * on the same database, checked through the real web login.
 */
class UsersCommandPostgresIT {
  private static final Pattern URL = Pattern.compile("running at (http://\\S+)");
  private static final Pattern ADMIN_PASSWORD = Pattern.compile("the password (\\S+) ");

  @TempDir Path dir;

  /** The store flags for the test database; its user and password in the configuration file. */
  private List<String> storeArgs(TestPostgres db) throws Exception {
    Files.writeString(
        dir.resolve("config.properties"),
        "db.user = " + db.user() + "\ndb.password = " + db.password() + "\n");
    return List.of("--data-dir", dir.toString(), "--db", db.url());
  }

  private static <T> T web(TestPostgres db, Function<AuthService, T> f) {
    try (ReportStore store = ReportStores.open(db.config())) {
      Clock clock = Clock.systemUTC();
      return f.apply(
          new AuthService(
              new JdbcAccountStore(StoreBackend.database(store)),
              new PasswordHasher(4, new SecureRandom()),
              LoginThrottle.standard(clock),
              clock));
    }
  }

  private static LoginResult.Outcome login(TestPostgres db, String user, String password) {
    return web(db, a -> a.login(user, password, "192.0.2.1").outcome());
  }

  @Test
  void everySubcommand_onPostgres() throws Exception {
    try (TestPostgres db = TestPostgres.create("dmarcpilot_h28_users")) {
      List<String> store = storeArgs(db);
      UsersCommandTest.Run empty = UsersCommandTest.run(null, store, "list");
      assertThat(empty.code()).as(empty.err()).isZero();
      assertThat(empty.out()).contains("No users yet");

      UsersCommandTest.Run added = UsersCommandTest.run(null, store, "add", "admin");
      assertThat(added.code()).as(added.err()).isZero();
      String adminPw = added.password();
      assertThat(login(db, "admin", adminPw)).isEqualTo(LoginResult.Outcome.SUCCESS);

      UsersCommandTest.Run again = UsersCommandTest.run(null, store, "add", "Admin");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("user exists already: admin");
      assertThat(UsersCommandTest.run(null, store, "add", "no way").code()).isEqualTo(1);

      UsersCommandTest.Run stdin =
          UsersCommandTest.run(
              "ops password from a file\n", store, "add", "ops", "--password-stdin");
      assertThat(stdin.code()).as(stdin.err()).isZero();
      assertThat(stdin.out()).doesNotContain("Password");
      assertThat(login(db, "ops", "ops password from a file"))
          .isEqualTo(LoginResult.Outcome.SUCCESS);

      UsersCommandTest.Run list = UsersCommandTest.run(null, store, "list");
      assertThat(list.out().lines().skip(1).map(l -> l.split(" +")[0]).toList())
          .containsExactly("admin", "ops");
      assertThat(list.out()).doesNotContain("$2");

      String session = web(db, a -> a.login("admin", adminPw, "192.0.2.1").sessionId());
      UsersCommandTest.Run reset = UsersCommandTest.run(null, store, "reset-password", "admin");
      assertThat(reset.code()).as(reset.err()).isZero();
      assertThat(reset.out()).contains("ended 2 web sessions"); // both logins above
      boolean oldSessionLive = web(db, a -> a.session(session).isPresent());
      assertThat(oldSessionLive).as("the session from before the reset").isFalse();
      assertThat(login(db, "admin", adminPw)).isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
      assertThat(login(db, "admin", reset.password())).isEqualTo(LoginResult.Outcome.SUCCESS);

      UsersCommandTest.Run unknown = UsersCommandTest.run(null, store, "reset-password", "nobody");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("no such user: nobody");

      assertThat(UsersCommandTest.run(null, store, "delete", "ops").code()).isZero();
      UsersCommandTest.Run last = UsersCommandTest.run(null, store, "delete", "admin");
      assertThat(last.code()).isEqualTo(1);
      assertThat(last.err()).contains("the last user cannot be deleted");
      assertThat(web(db, AuthService::users))
          .extracting(UserAccount::username)
          .containsExactly("admin");
    }
  }

  @Test
  void resetPassword_whileServeRuns_realWebLoginWithTheNewOne_oldSessionLoggedOut()
      throws Exception {
    try (TestPostgres db = TestPostgres.create("dmarcpilot_h28_users_web")) {
      List<String> store = storeArgs(db);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      AtomicInteger exit = new AtomicInteger(-1);
      String[] serveArgs = {"serve", "--port", "0", "--data-dir", dir.toString(), "--db", db.url()};
      Thread serve =
          new Thread(
              () ->
                  exit.set(
                      Main.commandLine()
                          .setOut(new PrintWriter(out, true))
                          .setErr(new PrintWriter(err, true))
                          .execute(serveArgs)));
      serve.start();
      try {
        String url = null;
        String firstPw = null;
        for (int i = 0; i < 600 && (url == null || firstPw == null); i++) {
          Matcher u = URL.matcher(out.toString());
          Matcher p = ADMIN_PASSWORD.matcher(out.toString());
          url = u.find() ? u.group(1) : null;
          firstPw = p.find() ? p.group(1) : null;
          assertThat(serve.isAlive()).as("serve stopped: " + err).isTrue();
          Thread.sleep(100);
        }
        assertThat(url).as("printed URL; out: " + out + " err: " + err).isNotNull();
        Browserless before = new Browserless(URI.create(url));
        before.login("admin", firstPw);
        assertThat(before.get("/api/v1/domains").statusCode()).isEqualTo(200);

        UsersCommandTest.Run reset = UsersCommandTest.run(null, store, "reset-password", "admin");

        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(before.get("/api/v1/domains").statusCode())
            .as("the browser session from before the reset")
            .isEqualTo(401);
        Browserless old = new Browserless(URI.create(url));
        String form = old.get("/login").body();
        int refused =
            old.postForm(
                    "/login",
                    Map.of(
                        "_csrf",
                        Browserless.csrf(form),
                        "username",
                        "admin",
                        "password",
                        firstPw,
                        "next",
                        "/"))
                .statusCode();
        assertThat(refused).as("login with the old password").isNotEqualTo(303);
        Browserless after = new Browserless(URI.create(url));
        after.login("admin", reset.password());
        assertThat(after.get("/api/v1/domains").statusCode()).isEqualTo(200);
      } finally {
        serve.interrupt();
        serve.join(30_000);
      }
      assertThat(serve.isAlive()).isFalse();
      assertThat(exit.get()).as(err.toString()).isZero();
    }
  }
}
