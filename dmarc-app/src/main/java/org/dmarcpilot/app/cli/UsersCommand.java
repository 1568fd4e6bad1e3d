// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreEngine;
import org.dmarcpilot.app.store.StoreException;
import org.dmarcpilot.app.store.StoreInUseException;
import org.dmarcpilot.app.web.auth.AccountStoreException;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.auth.JdbcAccountStore;
import org.dmarcpilot.app.web.auth.LoginThrottle;
import org.dmarcpilot.app.web.auth.PasswordHasher;
import org.dmarcpilot.app.web.auth.UserAccount;
import org.dmarcpilot.app.web.backend.StoreBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot users}: the dashboard's users from the command line, for an operator who lost
 * the admin password or runs DMARC Pilot without a browser. It works on the store {@code serve}
 * uses, through the same {@link AuthService} and {@link PasswordHasher} as the web login. Passwords
 * are made at random and printed once, or read from standard input ({@code --password-stdin});
 * never from an argument, which the shell history and {@code ps} would show.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the dashboard's users: list, add, reset a password, delete.",
      "On DuckDB only one process can open the database: stop a running 'serve' first (or use"
          + " Settings in the dashboard). On PostgreSQL it works while 'serve' runs."
    },
    subcommands = {
      UsersCommand.ListUsers.class,
      UsersCommand.Add.class,
      UsersCommand.ResetPassword.class,
      UsersCommand.Delete.class
    })
public final class UsersCommand implements Callable<Integer> {
  /** Exit code: done. */
  static final int OK = 0;

  /** Exit code: refused (bad name or password, user exists or unknown, the last user). */
  static final int REFUSED = 1;

  /** Exit code: usage, or the store could not be opened or written. */
  static final int FAILED = 2;

  /** The longest password read from standard input, in bytes (bcrypt takes 72). */
  static final int MAX_STDIN_BYTES = 1024;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return OK;
  }

  /** What a subcommand does with the accounts of the open store. */
  @FunctionalInterface
  interface Work {
    int run(AuthService auth, PrintWriter out, PrintWriter err);
  }

  /**
   * Opens the store the options name, runs the work on its accounts and closes the store; turns
   * refusals into {@link #REFUSED} and store failures into {@link #FAILED}, with a message.
   */
  static int withAccounts(StoreOptions options, CommandLine.Model.CommandSpec spec, Work work) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String prefix = "dmarcpilot users " + spec.name() + ": ";
    StoreConfig config;
    try {
      config = options.load().storeConfig();
    } catch (IllegalArgumentException e) {
      err.println(prefix + e.getMessage());
      return FAILED;
    }
    Clock clock = Clock.systemUTC();
    try (ReportStore store = ReportStores.open(config)) {
      AuthService auth =
          new AuthService(
              new JdbcAccountStore(StoreBackend.database(store)),
              PasswordHasher.standard(),
              LoginThrottle.standard(clock),
              clock);
      return work.run(auth, out, err);
    } catch (StoreInUseException e) {
      err.println(prefix + inUse(config, e));
      return FAILED;
    } catch (StoreException | AccountStoreException e) {
      err.println(prefix + e.getMessage());
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println(prefix + e.getMessage());
      return REFUSED;
    }
  }

  /** What to do when the DuckDB file is held by another process. */
  static String inUse(StoreConfig config, StoreInUseException e) {
    String file = config.jdbcUrl().substring(StoreEngine.DUCKDB.urlPrefix().length());
    Throwable cause = e.getCause();
    return "the DuckDB database "
        + file
        + " is open in another process, most likely a running 'dmarcpilot serve' (DuckDB lets"
        + " one process open it). Either stop serve, run this command and start serve again, or"
        + " manage users in the dashboard under Settings."
        + (cause != null ? " (" + cause.getMessage() + ")" : "");
  }

  /**
   * The password for {@code user}: typed twice at the terminal without echo when standard input is
   * one, else the first line of standard input (at most {@value #MAX_STDIN_BYTES} bytes of UTF-8;
   * one line end is dropped).
   *
   * @throws IllegalArgumentException when there is none, more than one line, or it is not
   *     acceptable to {@link PasswordHasher}
   */
  static String passwordFromStdin(String user, InputStream in) throws IOException {
    Console console = System.console();
    if (console != null && in == System.in) {
      char[] first = console.readPassword("New password for %s: ", user);
      char[] again = console.readPassword("The same again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      String pw = new String(first);
      PasswordHasher.checkAcceptable(pw);
      return pw;
    }
    byte[] bytes = in.readNBytes(MAX_STDIN_BYTES + 1);
    if (bytes.length > MAX_STDIN_BYTES) {
      throw new IllegalArgumentException(
          "standard input is longer than " + MAX_STDIN_BYTES + " bytes: give one password line");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the password on standard input is not UTF-8", e);
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("no password on standard input");
    }
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "standard input has more than one line: give the password alone on one line");
    }
    PasswordHasher.checkAcceptable(text);
    return text;
  }

  /** The new password: from standard input when asked, else a random one to print. */
  static String newPassword(boolean fromStdin, String user) throws IOException {
    return fromStdin ? passwordFromStdin(user, System.in) : AuthService.randomPassword();
  }

  /**
   * A subcommand that sets a user's password: the store, the name, and where the password comes
   * from (made at random and printed once after the work, or read from standard input).
   */
  abstract static class SetsPassword implements Callable<Integer> {
    @Mixin StoreOptions storeOptions = new StoreOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The user's name, such as admin.")
    String name = "";

    @Option(
        names = "--password-stdin",
        description =
            "Read the password from standard input (one line: at least 12 characters, at most"
                + " 72 bytes) instead of making one.")
    boolean passwordStdin;

    /** Sets the password of {@code user} in the store; returns the exit code. */
    abstract int apply(AuthService auth, PrintWriter out, String user, String password);

    @Override
    public Integer call() throws IOException {
      String user;
      String password;
      try {
        user = AuthService.canonicalUsername(name);
        password = newPassword(passwordStdin, user);
      } catch (IllegalArgumentException e) {
        spec.commandLine()
            .getErr()
            .println("dmarcpilot users " + spec.name() + ": " + e.getMessage());
        return REFUSED;
      }
      return withAccounts(
          storeOptions,
          spec,
          (auth, out, err) -> {
            int code = apply(auth, out, user, password);
            if (code == OK && !passwordStdin) {
              out.println("Password (shown this once): " + password);
            }
            return code;
          });
    }
  }

  /** {@code users list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the users and when each was created (UTC).")
  static final class ListUsers implements Callable<Integer> {
    @Mixin StoreOptions storeOptions = new StoreOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return withAccounts(
          storeOptions,
          spec,
          (auth, out, err) -> {
            List<UserAccount> users = auth.users();
            if (users.isEmpty()) {
              out.println(
                  "No users yet: 'serve' creates admin on its first start, or 'users add'.");
              return OK;
            }
            int width = "USER".length();
            for (UserAccount u : users) {
              width = Math.max(width, u.username().length());
            }
            String format = "%-" + width + "s  %s%n";
            out.printf(Locale.ROOT, format, "USER", "CREATED");
            for (UserAccount u : users) {
              out.printf(
                  Locale.ROOT, format, u.username(), u.createdAt().truncatedTo(ChronoUnit.SECONDS));
            }
            return OK;
          });
    }
  }

  /** {@code users add NAME}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a user with a new random password, printed once (or --password-stdin).",
        "A name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-' (upper case is folded)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:added",
        "1:refused: bad name or password, or the user exists",
        "2:usage, or the database could not be opened"
      })
  static final class Add extends SetsPassword {
    @Override
    int apply(AuthService auth, PrintWriter out, String user, String password) {
      auth.addUser(user, password);
      out.println("Added user " + user + ".");
      return OK;
    }
  }

  /** {@code users reset-password NAME}. */
  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = {
        "Set a new random password for a user, printed once (or --password-stdin), and end the"
            + " user's open web sessions.",
        "The user's API tokens stay valid: revoke them under Settings in the dashboard."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the password was set",
        "1:refused: no such user, or a bad password",
        "2:usage, or the database could not be opened"
      })
  static final class ResetPassword extends SetsPassword {
    @Override
    int apply(AuthService auth, PrintWriter out, String user, String password) {
      int ended = auth.resetPassword(user, password);
      out.println(
          "Reset the password of "
              + user
              + "; ended "
              + ended
              + (ended == 1 ? " web session" : " web sessions")
              + " (API tokens are kept).");
      return OK;
    }
  }

  /** {@code users delete NAME}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a user with their sessions and API tokens.",
        "The last user cannot be deleted: the dashboard would have no way in."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:deleted",
        "1:refused: no such user, or the last one",
        "2:usage, or the database could not be opened"
      })
  static final class Delete implements Callable<Integer> {
    @Mixin StoreOptions storeOptions = new StoreOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The user to delete.")
    String name = "";

    @Override
    public Integer call() {
      String user;
      try {
        user = AuthService.canonicalUsername(name);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("dmarcpilot users delete: " + e.getMessage());
        return REFUSED;
      }
      return withAccounts(
          storeOptions,
          spec,
          (auth, out, err) -> {
            boolean deleted;
            try {
              deleted = auth.deleteUser(user);
            } catch (IllegalArgumentException e) {
              err.println(
                  "dmarcpilot users delete: "
                      + e.getMessage()
                      + ": the dashboard would have no way in (add another user first)");
              return REFUSED;
            }
            if (!deleted) {
              err.println("dmarcpilot users delete: no such user: " + user);
              return REFUSED;
            }
            out.println("Deleted user " + user + " with their sessions and API tokens.");
            return OK;
          });
    }
  }
}
