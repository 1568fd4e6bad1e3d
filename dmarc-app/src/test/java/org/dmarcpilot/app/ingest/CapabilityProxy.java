// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A loopback proxy in front of a GreenMail IMAP server that makes it a server without some
 * extensions: their names are taken out of every capability list the server sends, and a command
 * that needs one is answered {@code BAD} without reaching the server, as a server without it would.
 * It keeps the commands the clients sent (without their tags and arguments past the command name)
 * for the test to look at.
 *
 * <p>A test can also have another client act on the mailbox at a chosen point of a session ({@link
 * #beforeFirst}): the proxy holds a command back until that is done, as if the other client had
 * acted just before the command arrived at the server.
 *
 * <p>It works line by line and only rewrites lines that carry a capability list; message contents
 * pass through byte for byte (the test messages do not contain the word CAPABILITY).
 */
final class CapabilityProxy implements AutoCloseable {
  /** An extension the proxy can hide, with the commands that need it. */
  enum Extension {
    /** RFC 6851. */
    MOVE("MOVE", "UID MOVE"),
    /** RFC 4315: {@code UID EXPUNGE}. */
    UIDPLUS("UID EXPUNGE"),
    /** RFC 2177. */
    IDLE("IDLE"),
    /** The SASL mechanism of Google and Microsoft: the capability {@code AUTH=XOAUTH2}. */
    XOAUTH2();

    private final Set<String> commands;

    Extension(String... commands) {
      this.commands = Set.of(commands);
    }

    /** The word of the capability list. */
    String capability() {
      return this == XOAUTH2 ? "AUTH=XOAUTH2" : name();
    }
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final Set<Extension> hidden;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicReference<@Nullable Hook> hook = new AtomicReference<>();

  /** What runs before the first client line that matches. */
  private record Hook(Predicate<String> line, Runnable action) {}

  CapabilityProxy(int upstreamPort, Set<Extension> hidden) throws IOException {
    this.upstreamPort = upstreamPort;
    this.hidden = Set.copyOf(hidden);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "capability-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Runs {@code action} once, before the proxy passes on the first line a client sends that {@code
   * line} accepts (a command line with its tag and CRLF, or a continuation line); the line goes on
   * to the server when {@code action} has returned.
   */
  void beforeFirst(Predicate<String> line, Runnable action) {
    hook.set(new Hook(line, action));
  }

  /**
   * The commands clients sent, upper case, each as its name ({@code "UID COPY"}, {@code "EXPUNGE"},
   * {@code "IDLE"}); a refused one is listed with {@code " (refused)"} after it.
   */
  List<String> commands() {
    return List.copyOf(commands);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(up);
        OutputStream toClient = client.getOutputStream();
        OutputStream toServer = up.getOutputStream();
        pump(
            "proxy-up",
            client.getInputStream(),
            line -> fromClient(line, toServer, toClient),
            client,
            up);
        pump("proxy-down", up.getInputStream(), line -> write(toClient, rewrite(line)), client, up);
      } catch (IOException e) {
        return;
      }
    }
  }

  private interface LineHandler {
    void handle(String line) throws IOException;
  }

  /**
   * Passes a client's line on, or answers BAD for a command of a hidden extension; runs the hook
   * first when the line is its line.
   */
  private void fromClient(String line, OutputStream toServer, OutputStream toClient)
      throws IOException {
    Hook h = hook.get();
    if (h != null && h.line().test(line) && hook.compareAndSet(h, null)) {
      h.action().run();
    }
    String[] w = line.trim().split(" ");
    if (w.length >= 2 && !line.startsWith(" ")) {
      String name = w[1].toUpperCase(Locale.ROOT);
      if (name.equals("UID") && w.length >= 3) {
        name = "UID " + w[2].toUpperCase(Locale.ROOT);
      }
      String command = name;
      if (hidden.stream().anyMatch(x -> x.commands.contains(command))) {
        commands.add(command + " (refused)");
        synchronized (toClient) {
          write(toClient, w[0] + " BAD " + command + " is not supported here\r\n");
        }
        return;
      }
      commands.add(command);
    }
    synchronized (toServer) {
      write(toServer, line);
    }
  }

  /** A server line with the hidden extensions taken out of its capability list. */
  private String rewrite(String line) {
    if (!line.toUpperCase(Locale.ROOT).contains("CAPABILITY")) {
      return line;
    }
    Set<String> names = hidden.stream().map(Extension::capability).collect(Collectors.toSet());
    String end = line.endsWith("\r\n") ? "\r\n" : "";
    List<String> kept = new java.util.ArrayList<>();
    for (String t : line.substring(0, line.length() - end.length()).split(" ", -1)) {
      boolean closes = t.endsWith("]");
      String name = closes ? t.substring(0, t.length() - 1) : t;
      if (!names.contains(name.toUpperCase(Locale.ROOT))) {
        kept.add(t);
      } else if (closes && !kept.isEmpty()) {
        kept.set(kept.size() - 1, kept.get(kept.size() - 1) + "]");
      }
    }
    return String.join(" ", kept) + end;
  }

  private static void write(OutputStream out, String line) throws IOException {
    synchronized (out) {
      out.write(line.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  private static void pump(String name, InputStream raw, LineHandler h, Socket a, Socket b) {
    Thread t =
        new Thread(
            () -> {
              InputStream in = new BufferedInputStream(raw);
              ByteArrayOutputStream line = new ByteArrayOutputStream();
              try {
                for (int c; (c = in.read()) >= 0; ) {
                  line.write(c);
                  if (c == '\n') {
                    h.handle(line.toString(StandardCharsets.ISO_8859_1));
                    line.reset();
                  }
                }
              } catch (IOException ignored) {
                // closed
              } finally {
                try {
                  a.close();
                  b.close();
                } catch (IOException ignored) {
                  // closed already
                }
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
