// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginResult;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.auth.UserAccount;
import org.dmarcpilot.app.web.backend.StoreBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmarcpilot users} on DuckDB in a temporary data directory: each subcommand through {@link
 * Main}, its exit code and messages, and the printed passwords checked by the web's own {@link
 * AuthService#login}.
 */
class UsersCommandTest {
  static final Pattern PRINTED = Pattern.compile("Password \\(shown this once\\): (\\S+)");

  @TempDir Path dir;

  /** What a run of the command line gave. */
  record Run(int code, String out, String err) {
    /** The password the run printed. */
    String password() {
      Matcher m = PRINTED.matcher(out);
      assertThat(m.find()).as("a printed password in: " + out).isTrue();
      return m.group(1);
    }
  }

  /** Runs {@code dmarcpilot users ARGS --data-dir DIR}, with {@code stdin} as standard input. */
  static Run run(@Nullable String stdin, List<String> storeArgs, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>();
    all.add("users");
    all.addAll(List.of(args));
    all.addAll(storeArgs);
    InputStream before = System.in;
    try {
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      int code =
          Main.commandLine()
              .setOut(new PrintWriter(out, true))
              .setErr(new PrintWriter(err, true))
              .execute(all.toArray(String[]::new));
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setIn(before);
    }
  }

  private Run users(String... args) {
    return run(null, List.of("--data-dir", dir.toString()), args);
  }

  private Run usersWithStdin(String stdin, String... args) {
    return run(stdin, List.of("--data-dir", dir.toString()), args);
  }

  /** Runs f on the web's AuthService over the data directory's store (opened and closed here). */
  private <T> T web(Function<AuthService, T> f) {
    try (ReportStore store = ReportStores.open(StoreConfig.inDataDir(dir))) {
      Clock clock = Clock.systemUTC();
      return f.apply(
          new AuthService(
              new JdbcAccountStore(StoreBackend.database(store)),
              new PasswordHasher(4, new SecureRandom()),
              LoginThrottle.standard(clock),
              clock));
    }
  }

  private LoginResult.Outcome login(String user, String password) {
    return web(a -> a.login(user, password, "192.0.2.1").outcome());
  }

  /** Whether the session of this login is still valid for the web. */
  private boolean live(LoginResult login) {
    return web(a -> a.session(login.sessionId()).isPresent());
  }

  /** The admin a first start of serve creates; returns its password. */
  private String bootstrap() {
    return web(a -> a.bootstrapAdmin().orElseThrow());
  }

  @Test
  void add_printsAPasswordOnce_thatLogsInThroughTheWebLogin_hashedAsTheWebDoes() {
    bootstrap();
    Run r = users("add", "Alice");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Added user alice.");
    String pw = r.password();
    assertThat(pw).hasSize(20);
    assertThat(login("alice", pw)).isEqualTo(LoginResult.Outcome.SUCCESS);
    assertThat(login("alice", pw + "x")).isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    UserAccount alice =
        web(a -> a.users().stream().filter(u -> u.username().equals("alice")).findFirst())
            .orElseThrow();
    assertThat(alice.passwordHash())
        .startsWith("$2a$" + PasswordHasher.DEFAULT_COST + "$")
        .doesNotContain(pw);
  }

  @Test
  void list_namesAndCreationTimes_noHashes() {
    bootstrap();
    users("add", "zed.ops");

    Run r = users("list");

    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("USER +CREATED");
    assertThat(lines.get(1)).matches("admin +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(lines.get(2)).matches("zed\\.ops +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(r.out()).doesNotContain("$2");
  }

  @Test
  void list_emptyStore_saysHowUsersComeToBe() {
    Run r = users("list");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("No users yet").contains("users add");
  }

  @Test
  void add_existingOrInvalidName_refusedWithExitOne_andNothingChanges() {
    bootstrap();
    Run exists = users("add", "ADMIN");
    assertThat(exists.code()).isEqualTo(1);
    assertThat(exists.err()).contains("user exists already: admin");
    assertThat(exists.out()).doesNotContain("Password");

    for (String bad : List.of("bad name", "élan", "a/b", "x".repeat(65), " ")) {
      Run r = users("add", bad);
      assertThat(r.code()).as(bad).isEqualTo(1);
      assertThat(r.err()).as(bad).contains("user name must be 1 to 64 characters");
    }
    assertThat(web(AuthService::users)).extracting(UserAccount::username).containsExactly("admin");
  }

  @Test
  void add_passwordStdin_usesThatPassword_andPrintsNone() {
    bootstrap();
    Run r = usersWithStdin("correct horse battery staple\n", "add", "bob", "--password-stdin");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Added user bob.").doesNotContain("Password");
    assertThat(login("bob", "correct horse battery staple")).isEqualTo(LoginResult.Outcome.SUCCESS);
  }

  @Test
  void add_passwordStdin_badInput_refusedBeforeAnythingIsStored() {
    bootstrap();
    Run empty = usersWithStdin("", "add", "bob", "--password-stdin");
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.err()).contains("no password on standard input");

    Run tooShort = usersWithStdin("short\n", "add", "bob", "--password-stdin");
    assertThat(tooShort.code()).isEqualTo(1);
    assertThat(tooShort.err()).contains("password too short");

    Run tooLong = usersWithStdin("p".repeat(73) + "\n", "add", "bob", "--password-stdin");
    assertThat(tooLong.code()).isEqualTo(1);
    assertThat(tooLong.err()).contains("password too long");

    Run twoLines =
        usersWithStdin("first-password-line\nsecond-line\n", "add", "bob", "--password-stdin");
    assertThat(twoLines.code()).isEqualTo(1);
    assertThat(twoLines.err()).contains("more than one line");

    Run huge = usersWithStdin("p".repeat(5000), "add", "bob", "--password-stdin");
    assertThat(huge.code()).isEqualTo(1);
    assertThat(huge.err()).contains("longer than 1024 bytes");

    assertThat(web(AuthService::users)).extracting(UserAccount::username).containsExactly("admin");
  }

  @Test
  void add_passwordAsAnArgument_isNoOption_usageExitTwo() {
    Run r = users("add", "bob", "--password", "secret-in-shell-history");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option");
  }

  @Test
  void resetPassword_newPasswordLogsIn_oldOneAndOldSessionsDoNot_tokensStay() {
    String old = bootstrap();
    LoginResult before = web(a -> a.login("admin", old, "192.0.2.1"));
    assertThat(before.outcome()).isEqualTo(LoginResult.Outcome.SUCCESS);
    String token = web(a -> a.createToken("admin", "monitoring").secret());
    assertThat(live(before)).isTrue();

    Run r = users("reset-password", "admin");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Reset the password of admin; ended 1 web session");
    assertThat(r.out()).contains("API tokens are kept");
    String pw = r.password();
    assertThat(pw).isNotEqualTo(old);
    assertThat(live(before)).as("the old session").isFalse();
    assertThat(login("admin", old)).isEqualTo(LoginResult.Outcome.BAD_CREDENTIALS);
    assertThat(login("admin", pw)).isEqualTo(LoginResult.Outcome.SUCCESS);
    boolean tokenValid = web(a -> a.token(token).isPresent());
    assertThat(tokenValid).as("the API token").isTrue();
  }

  @Test
  void resetPassword_fromStdin_otherUsersSessionsKept() {
    String adminPw = bootstrap();
    String alicePw = users("add", "alice").password();
    LoginResult adminSession = web(a -> a.login("admin", adminPw, "192.0.2.1"));
    LoginResult aliceSession = web(a -> a.login("alice", alicePw, "192.0.2.1"));

    Run r =
        usersWithStdin(
            "a new password of alice\r\n", "reset-password", "Alice", "--password-stdin");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("Password (shown");
    assertThat(login("alice", "a new password of alice")).isEqualTo(LoginResult.Outcome.SUCCESS);
    assertThat(live(aliceSession)).isFalse();
    assertThat(live(adminSession)).isTrue();
  }

  @Test
  void resetPassword_unknownOrInvalidUser_clearErrorExitOne() {
    String pw = bootstrap();
    Run unknown = users("reset-password", "nobody");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no such user: nobody");
    assertThat(unknown.out()).doesNotContain("Password");

    Run invalid = users("reset-password", "no body");
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains("user name must be");
    assertThat(login("admin", pw)).isEqualTo(LoginResult.Outcome.SUCCESS);
  }

  @Test
  void delete_refusesTheLastUser_deletesAnother_unknownExitOne() {
    bootstrap();
    Run last = users("delete", "admin");
    assertThat(last.code()).isEqualTo(1);
    assertThat(last.err()).contains("the last user cannot be deleted").contains("no way in");

    String pw = users("add", "ops").password();
    Run deleted = users("delete", "admin");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    assertThat(deleted.out()).contains("Deleted user admin");
    assertThat(web(AuthService::users)).extracting(UserAccount::username).containsExactly("ops");
    assertThat(login("ops", pw)).isEqualTo(LoginResult.Outcome.SUCCESS);

    Run again = users("delete", "ops");
    assertThat(again.code()).isEqualTo(1);
    Run unknown = users("delete", "admin");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no such user: admin");
  }

  @Test
  void help_listsTheSubcommands_andSaysTokensStay() {
    Run top = run(null, List.of(), "--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("list", "add", "reset-password", "delete", "stop a running");

    Run reset = run(null, List.of(), "reset-password", "--help");
    assertThat(reset.out()).contains("--password-stdin", "API tokens stay valid", "Exit codes:");
  }

  @Test
  void badConfiguration_exitTwo() {
    Run r =
        run(
            null,
            List.of("--data-dir", dir.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/none"),
            "list");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("dmarcpilot users list: ");
  }
}
