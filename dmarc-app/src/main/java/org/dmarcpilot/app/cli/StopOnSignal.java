// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a long-running command cleanly when the JVM is asked to end (SIGTERM from a service manager
 * or {@code kill}, Ctrl-C): the command's thread is interrupted, leaves what it waits on and closes
 * what it opened in order (the store last, which writes DuckDB's log into its file); the JVM waits
 * for that until {@link #close()}, at most {@link #GRACE}.
 *
 * <pre>{@code
 * try (StopOnSignal stop = StopOnSignal.install("dmarcpilot serve", err)) {
 *   server.join();  // InterruptedException after SIGTERM; resources close on the way out
 * }
 * }</pre>
 */
final class StopOnSignal implements AutoCloseable {
  /** How long a stop signal waits for the command to close what it opened. */
  static final Duration GRACE = Duration.ofSeconds(60);

  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  private StopOnSignal(String command, Thread worker, PrintWriter err, Duration grace) {
    hook =
        new Thread(
            () -> {
              signalled = true;
              err.println(command + ": stopping (closing what is open)");
              err.flush();
              worker.interrupt();
              try {
                if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                  err.println(
                      command
                          + ": not closed within "
                          + grace.toSeconds()
                          + " s; ending anyway (the store recovers from its log at the next"
                          + " start)");
                  err.flush();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dmarcpilot-stop");
  }

  /**
   * Interrupts the calling thread when the JVM is asked to end, and holds the JVM until this is
   * closed or {@link #GRACE} has passed.
   *
   * @param command the command's name, for the messages on {@code err}
   */
  static StopOnSignal install(String command, PrintWriter err) {
    StopOnSignal s =
        new StopOnSignal(
            Objects.requireNonNull(command, "command"),
            Thread.currentThread(),
            Objects.requireNonNull(err, "err"),
            GRACE);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** Whether the JVM was asked to end (the interrupt came from a signal, not from elsewhere). */
  boolean signalled() {
    return signalled;
  }

  /** The command has closed what it opened: the JVM may end, or the hook is no longer needed. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it waited for the count-down above
    }
  }
}
