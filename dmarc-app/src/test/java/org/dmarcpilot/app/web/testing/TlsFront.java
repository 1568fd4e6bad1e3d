// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A TLS server in front of a plain one on this machine (as stunnel does): it presents the given
 * server context's certificate and passes the bytes both ways, so a plain GreenMail IMAP server
 * becomes an IMAPS server with a certificate the test chose (GreenMail's own TLS certificate is one
 * per JVM and names no host).
 */
public final class TlsFront implements AutoCloseable {
  private final ServerSocket server;
  private final int backendPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  /**
   * Listens on a free loopback port.
   *
   * @param tls the server's TLS context (its certificate)
   * @param backendPort the plain server's port on loopback
   */
  public TlsFront(SSLContext tls, int backendPort) throws IOException {
    this.server =
        tls.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
    this.backendPort = backendPort;
    this.acceptor = new Thread(this::accept, "tls-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The TLS port. */
  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
        open.addAll(List.of(client, backend));
        pump(client, backend);
        pump(backend, client);
      } catch (IOException e) {
        // closed, or one client's failed handshake: the next one is accepted
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // a handshake the client refused, or the other side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tls-front-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : List.copyOf(open)) {
      closeQuietly(s);
    }
  }
}
