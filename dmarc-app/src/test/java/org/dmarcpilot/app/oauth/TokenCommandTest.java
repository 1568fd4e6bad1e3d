// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TokenCommand}: how a command line is split, and what running real commands (small shell
 * scripts written here) gives: the token, or an error that names the command and never the token.
 */
class TokenCommandTest {
  /** What the scripts print as the token. */
  static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2ln";

  @TempDir Path dir;

  static Stream<Arguments> commandLines() {
    return Stream.of(
        Arguments.of("/usr/bin/oauth2ms", List.of("/usr/bin/oauth2ms")),
        Arguments.of(
            "  oauth2ms   --account=reports\t-v ", List.of("oauth2ms", "--account=reports", "-v")),
        Arguments.of(
            "helper --config \"/etc/dmarc pilot/m365.json\"",
            List.of("helper", "--config", "/etc/dmarc pilot/m365.json")),
        Arguments.of("helper 'it''s' x", List.of("helper", "its", "x")),
        Arguments.of("helper '$HOME ~ * | >' x", List.of("helper", "$HOME ~ * | >", "x")),
        Arguments.of("helper \"a \\\"b\\\" \\\\ \\n\"", List.of("helper", "a \"b\" \\ \\n")),
        Arguments.of("helper --name=\"a b\"c", List.of("helper", "--name=a bc")),
        Arguments.of("C:\\tools\\token.exe /q", List.of("C:\\tools\\token.exe", "/q")),
        Arguments.of("helper '' \"\"", List.of("helper", "", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void parse_splitsIntoWords(String line, List<String> expected) {
    TokenCommand c = TokenCommand.parse(line);

    assertThat(c.command()).isEqualTo(expected);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(TokenCommand.DEFAULT_TIMEOUT_SECONDS));
    assertThat(TokenCommand.parse(c.describe().substring("token command ".length())))
        .as("describe() reads back as the same command")
        .isEqualTo(c);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                        | the token command is empty",
        "'  \t '                   | the token command is empty",
        "'helper \"/etc/a b'       | has a \" at character 8 that is not closed",
        "'helper x '' y'           | has a ' at character 10 that is not closed",
        "'helper ''\"'             | has a ' at character 8 that is not closed",
      })
  void parse_badLine_namesTheProblemAndWhere(String line, String message) {
    assertThatThrownBy(() -> TokenCommand.parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void parse_lineBreak_refused() {
    assertThatThrownBy(() -> TokenCommand.parse("helper\n--flag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character (a line break?): character 7");
    assertThatThrownBy(() -> TokenCommand.parse("helper '\r'")).hasMessageContaining("character 9");
  }

  /** A script in the temporary folder with this body, executable; skipped without a POSIX shell. */
  private Path script(String name, String body) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "these tests run /bin/sh scripts");
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static TokenCommand command(Path script, String... args) {
    List<String> words = new java.util.ArrayList<>(List.of(script.toString()));
    words.addAll(List.of(args));
    return new TokenCommand(words, Duration.ofSeconds(10));
  }

  @Test
  void fetch_printsToken_returnsItWithoutTheWhiteSpaceAround() throws Exception {
    Path s = script("token.sh", "printf '\\n  %s  \\r\\n\\n' \"$1\"\necho 'warming up' >&2");

    assertThat(command(s, TOKEN).fetch()).isEqualTo(TOKEN);
  }

  @Test
  void fetch_argumentsArePassedAsTheyAre_noShellInBetween() throws Exception {
    Path s = script("args.sh", "[ \"$#\" = 2 ] && [ \"$1\" = 'a b' ] && printf '%s' \"$2\"");

    assertThat(TokenCommand.parse(s + " 'a b' '$HOME'").fetch()).isEqualTo("$HOME");
  }

  @Test
  void fetch_runsAgainForEachToken() throws Exception {
    Path count = dir.resolve("runs");
    Path s =
        script(
            "count.sh",
            "echo run >> '" + count + "'\necho \"tok-$(wc -l < '" + count + "' | tr -d ' ')\"");
    TokenCommand c = command(s);

    assertThat(List.of(c.fetch(), c.fetch(), c.fetch())).containsExactly("tok-1", "tok-2", "tok-3");
  }

  @Test
  void fetch_failingCommand_namesCommandExitCodeAndStderr_notTheToken() throws Exception {
    Path s =
        script(
            "fails.sh",
            "echo "
                + TOKEN
                + "\n"
                + "echo 'oauth2ms: the refresh token has expired' >&2\n"
                + "echo \"stale token was "
                + TOKEN
                + "\" >&2\n"
                + "echo 'run: oauth2ms --authorize' >&2\n"
                + "echo 'a fourth line' >&2\n"
                + "exit 3");

    assertThatThrownBy(() -> command(s, "--user", "dmarc@example.com").fetch())
        .isInstanceOf(TokenException.class)
        .hasMessageStartingWith(
            "token command " + s + " --user dmarc@example.com failed with exit code 3: ")
        .hasMessageContaining(
            "oauth2ms: the refresh token has expired | stale token was [its standard output] | run: oauth2ms --authorize")
        .message()
        .doesNotContain(TOKEN)
        .doesNotContain("a fourth line");
  }

  @Test
  void fetch_failingSilently_saysSo() throws Exception {
    Path s = script("silent.sh", "exit 1");

    assertThatThrownBy(() -> command(s).fetch())
        .hasMessage(
            "token command "
                + s
                + " failed with exit code 1, and wrote nothing to its standard error");
  }

  @Test
  void fetch_stderrWithControlCharactersAndLongLines_shownTamed() throws Exception {
    Path s =
        script(
            "noisy.sh",
            "printf 'bad\\033[31m colour\\n' >&2\nhead -c 5000 /dev/zero | tr '\\0' x >&2\nexit 2");

    String m = catchMessage(command(s));
    assertThat(m).contains("bad?[31m colour | " + "x".repeat(200) + "...");
    assertThat(m).doesNotContain("\033").hasSizeLessThan(700);
  }

  @Test
  void fetch_missingProgram_saysItCouldNotBeStarted() {
    Path missing = dir.resolve("no-such-helper");

    assertThatThrownBy(
            () -> new TokenCommand(List.of(missing.toString()), Duration.ofSeconds(5)).fetch())
        .isInstanceOf(TokenException.class)
        .hasMessageStartingWith("token command " + missing + " could not be started: ")
        .hasMessageContaining("no-such-helper");
  }

  @Test
  void fetch_hangingCommand_stoppedAtTheTimeout_withWhatItSaid() throws Exception {
    Path s =
        script(
            "hangs.sh",
            "echo 'open https://login.example/device and enter ABCD' >&2\nexec sleep 60");
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> command(s).withTimeout(Duration.ofMillis(700)).fetch())
        .isInstanceOf(TokenException.class)
        .hasMessage(
            "token command "
                + s
                + " did not finish within 700 ms and was stopped: open https://login.example/device"
                + " and enter ABCD");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void fetch_hangingChildOfTheCommand_stoppedToo() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path s = script("forks.sh", "sleep 60 &\necho $! > '" + pidFile + "'\nwait");

    assertThatThrownBy(() -> command(s).withTimeout(Duration.ofMillis(700)).fetch())
        .hasMessageContaining("did not finish within 700 ms");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) {
      h.get().onExit().get(5, TimeUnit.SECONDS); // throws when the child lives on
    }
  }

  @Test
  void fetch_endlessOutput_stoppedPastTheLimit() throws Exception {
    Path s = script("floods.sh", "exec yes " + TOKEN);
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> command(s).fetch())
        .isInstanceOf(TokenException.class)
        .hasMessage(
            "token command "
                + s
                + " printed more than 16384 bytes and was stopped; a token command prints the"
                + " access token alone");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void fetch_megabytesOnStderr_readAndDropped() throws Exception {
    Path s = script("chatty.sh", "head -c 3000000 /dev/zero | tr '\\0' e >&2\necho " + TOKEN);

    assertThat(command(s).fetch()).isEqualTo(TOKEN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "printf ''                      | gave no token (nothing but white space)",
        "printf '  \\n\\t\\n'           | gave no token (nothing but white space)",
        "printf 'line1\\nline2\\n'      | gave 2 lines; it must give the access token alone",
        "printf 'Bearer abc\\n'         | character 7 of 10 is a space, a control character",
        "printf 't\\001ok\\n'           | character 2 of 4 is a space, a control character",
        "printf 't\\303\\251t\\n'       | character 2 of 3 is a space, a control character or not ASCII",
      })
  void fetch_outputNotAToken_refusedWithoutShowingIt(String body, String message) throws Exception {
    Path s = script("odd.sh", body);

    assertThatThrownBy(() -> command(s).fetch())
        .isInstanceOf(TokenException.class)
        .hasMessageStartingWith("token command " + s + " gave ")
        .hasMessageContaining(message)
        .message()
        .doesNotContain("line1")
        .doesNotContain("abc");
  }

  @Test
  void toStringAndDescribe_nameTheCommandOnly() throws Exception {
    Path s = script("token.sh", "echo " + TOKEN);
    TokenCommand c = command(s, "--account", "reports");

    assertThat(c.fetch()).isEqualTo(TOKEN);
    assertThat(c.toString())
        .isEqualTo(c.describe())
        .isEqualTo("token command " + s + " --account reports");
  }

  @Test
  void constructor_badParts_refused() {
    assertThatThrownBy(() -> new TokenCommand(List.of(), Duration.ofSeconds(1)))
        .hasMessageContaining("needs a program");
    assertThatThrownBy(() -> new TokenCommand(List.of("a\0b"), Duration.ofSeconds(1)))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> new TokenCommand(List.of("a"), Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  private static String catchMessage(TokenCommand c) {
    try {
      c.fetch();
    } catch (TokenException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no failure");
  }
}
