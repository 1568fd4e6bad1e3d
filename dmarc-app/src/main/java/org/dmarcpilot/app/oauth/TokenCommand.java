// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens printed by a command: an OAuth helper that keeps the refresh token and prints a
 * fresh access token on its standard output, run at every login. The command runs without a shell
 * (its arguments as {@link #parse} splits them), with this process's environment and working
 * directory and an empty standard input. It must end within the timeout, exit with 0 and print the
 * token alone on one line (white space around it is dropped), in at most {@value #MAX_OUTPUT}
 * bytes; what it writes to its standard error is shown, in part, only when it fails.
 *
 * <pre>{@code
 * TokenCommand c = TokenCommand.parse("/opt/oauth/mutt_oauth2.py /var/lib/dmarcpilot/m365.tokens");
 * String token = c.fetch();
 * }</pre>
 *
 * @param command the program and its arguments
 * @param timeout how long the command may run before it is stopped and the login fails
 */
public record TokenCommand(List<String> command, Duration timeout) implements AccessTokenSource {
  /** How long a command may run unless told: {@value} seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  /** The most a command may print to its standard output, in bytes: {@value} (16 KiB). */
  public static final int MAX_OUTPUT = 16 * 1024;

  /** How much of a command's standard error is kept to show when it fails, in bytes. */
  static final int MAX_ERROR_KEPT = 4 * 1024;

  /** The lines of standard error a failure shows, and how long each may be. */
  private static final int ERROR_LINES = 3;

  private static final int ERROR_LINE_CHARS = 200;

  /** How long the readers of a command that exited may take to see the end of its output. */
  private static final long DRAIN_MS = 2_000;

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException when there is no program, an argument holds a NUL, or the
   *     timeout is not positive
   */
  public TokenCommand {
    command = List.copyOf(command);
    Objects.requireNonNull(timeout, "timeout");
    if (command.isEmpty() || command.get(0).isEmpty()) {
      throw new IllegalArgumentException("a token command needs a program to run");
    }
    if (command.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("a token command's arguments cannot hold a NUL");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a token command's timeout must be positive");
    }
  }

  /**
   * Splits a command line into the program and its arguments, as a shell would for simple words but
   * without one: no variables, {@code ~}, wildcards, pipes or redirections (for those, write a
   * script and name it here). The timeout is {@value #DEFAULT_TIMEOUT_SECONDS} s.
   *
   * <pre>
   * command-line = *blank word *(1*blank word) *blank
   * word         = 1*(plain / single-quoted / double-quoted)   ; adjacent parts join
   * blank        = SP / HTAB
   * plain        = any character but blank, ' and "           ; a backslash is itself
   * single-quoted = "'" *(any character but ') "'"           ; taken as it is
   * double-quoted = DQUOTE *(any character but " and \ / "\" DQUOTE / "\\" / "\" other) DQUOTE
   *                                                           ; \" is ", \\ is \
   * </pre>
   *
   * So {@code /opt/oauth2ms --config "/etc/dmarc pilot/oauth.json"} is three words, and {@code
   * C:\tools\token.exe} keeps its backslashes.
   *
   * @throws IllegalArgumentException naming the problem and its position: an empty line, a quote
   *     that is not closed, a control character (a line break)
   */
  public static TokenCommand parse(String line) {
    Objects.requireNonNull(line, "line");
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "a token command cannot hold a control character (a line break?): character "
                + (i + 1));
      } else if (c == '\'' || c == '"') {
        int close = quoted(line, i, word);
        inWord = true;
        i = close + 1;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the token command is empty");
    }
    return new TokenCommand(words, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
  }

  /** Appends the quoted part that opens at {@code open}; returns the index of its closing quote. */
  private static int quoted(String line, int open, StringBuilder word) {
    char q = line.charAt(open);
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == q) {
        return i;
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "a token command cannot hold a control character (a line break?): character "
                + (i + 1));
      }
      if (q == '"' && c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(i + 1);
        if (n == '"' || n == '\\') {
          word.append(n);
          i++;
          continue;
        }
      }
      word.append(c);
    }
    throw new IllegalArgumentException(
        "the token command has a " + q + " at character " + (open + 1) + " that is not closed");
  }

  /** The same command with another timeout. */
  public TokenCommand withTimeout(Duration t) {
    return new TokenCommand(command, t);
  }

  /**
   * Runs the command and returns the token it printed.
   *
   * @throws TokenException when the command cannot be started, does not end within the timeout,
   *     exits with another code than 0, prints more than {@value #MAX_OUTPUT} bytes, or prints
   *     something other than one token; the message names the command and, where it failed, its
   *     exit code and the first lines of its standard error
   */
  @Override
  public String fetch() throws TokenException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException | RuntimeException e) {
      throw new TokenException(describe() + " could not be started: " + e.getMessage(), e);
    }
    try {
      p.getOutputStream().close(); // the command reads nothing from us
    } catch (IOException ignored) {
      // it exited already; its exit code tells
    }
    Capture out = new Capture(p, p.getInputStream(), MAX_OUTPUT, true, "token-command-out");
    Capture err = new Capture(p, p.getErrorStream(), MAX_ERROR_KEPT, false, "token-command-err");
    boolean ended;
    try {
      ended = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!ended) {
        stop(p);
      }
      out.join(DRAIN_MS);
      err.join(DRAIN_MS);
    } catch (InterruptedException e) {
      stop(p);
      throw e;
    }
    if (out.overflowed()) {
      throw new TokenException(
          describe()
              + " printed more than "
              + MAX_OUTPUT
              + " bytes and was stopped; a token command prints the access token alone");
    }
    String printed = out.text().strip();
    if (!ended) {
      throw new TokenException(
          describe()
              + " did not finish within "
              + seconds(timeout)
              + " and was stopped"
              + errorLines(err, printed, "; it had written nothing to its standard error"));
    }
    if (p.exitValue() != 0) {
      throw new TokenException(
          describe()
              + " failed with exit code "
              + p.exitValue()
              + errorLines(err, printed, ", and wrote nothing to its standard error"));
    }
    if (out.open()) {
      stop(p);
      throw new TokenException(
          describe()
              + " exited, but its standard output stayed open (a process it started in the"
              + " background holds it?)");
    }
    return TokenCheck.check(printed, describe());
  }

  /** The timeout for a message: {@code 30 s}, or {@code 500 ms} below a second. */
  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /**
   * The first lines of the command's standard error, cut short and with control characters
   * replaced, for a failure's message; what it printed on its standard output (the token, if it
   * printed one before it failed) is taken out of them.
   */
  private static String errorLines(Capture err, String printed, String none) {
    String text = err.text();
    if (printed.length() >= 8) {
      text = text.replace(printed, "[its standard output]");
    }
    List<String> lines = new ArrayList<>();
    for (String l : (Iterable<String>) text.lines()::iterator) {
      String s = l.strip();
      if (s.isEmpty()) {
        continue;
      }
      StringBuilder b = new StringBuilder();
      s.codePoints()
          .limit(ERROR_LINE_CHARS)
          .forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
      if (s.codePointCount(0, s.length()) > ERROR_LINE_CHARS) {
        b.append("...");
      }
      lines.add(b.toString());
      if (lines.size() == ERROR_LINES) {
        break;
      }
    }
    return lines.isEmpty() ? none : ": " + String.join(" | ", lines);
  }

  /** Stops the command and whatever it started. */
  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** The command line as {@link #parse} reads it: words with blanks or quotes are quoted. */
  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("token command ");
    for (int i = 0; i < command.size(); i++) {
      String w = command.get(i);
      if (b.length() > 300) {
        b.append(" ...");
        break;
      }
      if (i > 0) {
        b.append(' ');
      }
      boolean plain =
          !w.isEmpty() && w.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\'');
      if (plain) {
        b.append(w);
      } else {
        b.append('"').append(w.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return b.toString();
  }

  /** {@link #describe()}. */
  @Override
  public String toString() {
    return describe();
  }

  /**
   * Reads one output of the command on a thread of its own, keeping at most {@code limit} bytes.
   * Past the limit, standard output stops the command (a token is short), standard error is read on
   * and dropped (so that the command does not block writing it).
   */
  private static final class Capture {
    private final Process process;
    private final InputStream in;
    private final byte[] kept;
    private final boolean stopWhenFull;
    private final Thread thread;
    private int length;
    private boolean overflowed;

    Capture(Process process, InputStream in, int limit, boolean stopWhenFull, String name) {
      this.process = process;
      this.in = in;
      this.kept = new byte[limit];
      this.stopWhenFull = stopWhenFull;
      this.thread = new Thread(this::read, name);
      thread.setDaemon(true);
      thread.start();
    }

    private void read() {
      byte[] buf = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (this) {
            int room = kept.length - length;
            System.arraycopy(buf, 0, kept, length, Math.min(room, n));
            length += Math.min(room, n);
            if (n > room) {
              overflowed = true;
            }
          }
          if (n > 0 && overflowed() && stopWhenFull) {
            stop(process);
            return;
          }
        }
      } catch (IOException ignored) {
        // the command was stopped, or its output closed
      }
    }

    void join(long ms) throws InterruptedException {
      thread.join(ms);
    }

    /** Whether the output is still being read (the command, or a child of it, holds it open). */
    boolean open() {
      return thread.isAlive();
    }

    synchronized boolean overflowed() {
      return overflowed;
    }

    /** What was kept, as UTF-8 (bad bytes replaced). */
    synchronized String text() {
      return new String(kept, 0, length, StandardCharsets.UTF_8);
    }
  }
}
