// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * DNS over TCP for {@link DnsTransport}: one connection per question (for answers that came back
 * truncated over UDP), a random ID, one deadline for connect, write and read, the answer read with
 * its two-byte length (at most 65,535 bytes) and checked like a UDP one.
 */
final class DnsTcp {
  private DnsTcp() {}

  /**
   * Asks one server one question over TCP (one connection, closed afterwards).
   *
   * @throws DnsTransport.ExchangeException on timeout, connection trouble or an unusable answer
   */
  static Message ask(Message query, InetSocketAddress server, Duration timeout)
      throws DnsTransport.ExchangeException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Message copy = query.clone();
    int id = DnsTransport.idRandom().nextInt(0x10000);
    copy.getHeader().setID(id);
    byte[] wire = copy.toWire();
    byte[] framed = new byte[wire.length + 2];
    framed[0] = (byte) (wire.length >>> 8);
    framed[1] = (byte) wire.length;
    System.arraycopy(wire, 0, framed, 2, wire.length);
    byte[] data;
    try (Socket socket = new Socket()) {
      socket.connect(server, remainingMillis(deadline));
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(framed);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] length = readFully(socket, in, 2, deadline);
      int n = ((length[0] & 0xff) << 8) | (length[1] & 0xff);
      if (n < DnsTransport.HEADER) {
        throw new DnsTransport.ExchangeException(
            "TCP response of " + n + " bytes, shorter than a header", false);
      }
      data = readFully(socket, in, n, deadline);
    } catch (SocketTimeoutException e) {
      throw new DnsTransport.ExchangeException("timeout over TCP", true);
    } catch (DnsTransport.ExchangeException e) {
      throw e;
    } catch (IOException e) {
      throw new DnsTransport.ExchangeException("TCP: " + e.getMessage(), false);
    }
    int got = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
    if (got != id) {
      throw new DnsTransport.ExchangeException(
          "TCP response with ID " + got + ", asked " + id, false);
    }
    Message response;
    try {
      response = new Message(data);
    } catch (IOException | RuntimeException e) {
      throw new DnsTransport.ExchangeException("malformed TCP response: " + e.getMessage(), false);
    }
    String problem = DnsTransport.mismatch(query, response);
    if (problem != null) {
      throw new DnsTransport.ExchangeException("TCP response that " + problem, false);
    }
    return response;
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (ms <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /** Reads exactly n bytes before the deadline (n is at most {@value DnsTransport#MAX_MESSAGE}). */
  private static byte[] readFully(Socket socket, InputStream in, int n, long deadline)
      throws IOException {
    byte[] buf = new byte[n];
    int off = 0;
    while (off < n) {
      socket.setSoTimeout(remainingMillis(deadline));
      int r = in.read(buf, off, n - off);
      if (r < 0) {
        throw new IOException("connection closed after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return buf;
  }
}
