// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A small SMTP server on a loopback port for the TLS probe's integration tests: it greets, answers
 * EHLO, performs STARTTLS with a real TLS handshake (JDK SSLSocket), and can misbehave the ways
 * hostile servers do. Closed by {@link #close()}.
 */
final class TestSmtpServer implements AutoCloseable {
  /** How the server behaves. */
  enum Mode {
    /** Offers STARTTLS and completes the handshake. */
    STARTTLS,
    /** Speaks plain SMTP without STARTTLS. */
    PLAIN,
    /** TLS from the first byte (port 465 style), then the greeting. */
    IMPLICIT_TLS,
    /** Sends the greeting one byte at a time, slowly, forever. */
    TRICKLE,
    /** Sends an endless line without a line end. */
    HUGE_LINE,
    /** Refuses service in its greeting. */
    REFUSE,
    /** Offers STARTTLS, says 220, then sends garbage instead of a TLS handshake. */
    BROKEN_TLS
  }

  private final ServerSocket server;
  private final Mode mode;
  private final @Nullable SSLContext tls;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  TestSmtpServer(Mode mode, @Nullable SSLContext tls) throws IOException {
    this.mode = mode;
    this.tls = tls;
    ServerSocket s =
        mode == Mode.IMPLICIT_TLS && tls != null
            ? tls.getServerSocketFactory().createServerSocket()
            : new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.server = s;
    acceptor = new Thread(this::acceptLoop, "test-smtp-" + mode);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The commands received, in order. */
  List<String> commands() {
    return List.copyOf(commands);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket c = server.accept();
        Thread t = new Thread(() -> serve(c), "test-smtp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket c) {
    try (Socket sock = c) {
      sock.setSoTimeout(20_000);
      OutputStream out = sock.getOutputStream();
      switch (mode) {
        case TRICKLE -> {
          for (int i = 0; i < 1000; i++) {
            out.write('2');
            out.flush();
            Thread.sleep(200);
          }
          return;
        }
        case HUGE_LINE -> {
          byte[] chunk = "A".repeat(8192).getBytes(StandardCharsets.US_ASCII);
          out.write("220".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 10_000; i++) {
            out.write(chunk);
          }
          return;
        }
        case REFUSE -> {
          write(out, "554 mx.example.test no service for you");
          return;
        }
        default -> {
          // the conversation below
        }
      }
      if (mode == Mode.IMPLICIT_TLS) {
        ((SSLSocket) sock).startHandshake();
      }
      conversation(sock, sock.getOutputStream(), false);
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void conversation(Socket sock, OutputStream out, boolean secure) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
    if (!secure) {
      write(out, "220 mx.example.test ESMTP test");
    }
    String line;
    while ((line = in.readLine()) != null) {
      commands.add(line);
      String cmd = line.toUpperCase(Locale.ROOT);
      if (cmd.startsWith("EHLO")) {
        boolean offer = !secure && (mode == Mode.STARTTLS || mode == Mode.BROKEN_TLS);
        write(
            out,
            offer
                ? "250-mx.example.test\r\n250-PIPELINING\r\n250 STARTTLS"
                : "250-mx.example.test\r\n250 PIPELINING");
      } else if (cmd.equals("STARTTLS") && !secure) {
        write(out, "220 2.0.0 ready to start TLS");
        if (mode == Mode.BROKEN_TLS || tls == null) {
          out.write("this is not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return;
        }
        SSLSocket s =
            (SSLSocket) tls.getSocketFactory().createSocket(sock, null, sock.getPort(), false);
        s.setUseClientMode(false);
        s.startHandshake();
        conversation(s, s.getOutputStream(), true);
        return;
      } else if (cmd.equals("QUIT")) {
        write(out, "221 bye");
        return;
      } else {
        write(out, "502 command not implemented");
      }
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
