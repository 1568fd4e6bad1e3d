// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Probes mail hosts over the network: connects to port 25, reads the greeting, sends EHLO, and when
 * STARTTLS is offered performs it and the TLS handshake; when that fails, tries TLS on port 465.
 * The handshake accepts any certificate (as opportunistic SMTP senders do); the certificate is then
 * checked separately against the authorities given and the host name, and a failure is reported as
 * {@link SmtpTlsResult#certificateProblem()}.
 *
 * <p>Hostile servers are bounded: each attempt has a hard deadline (a watchdog closes the socket
 * when it passes, so a server that trickles bytes cannot hold the probe), reply lines are cut at
 * {@value #MAX_LINE_BYTES} bytes and replies at {@value #MAX_REPLY_LINES} lines. Thread-safe.
 */
public final class SocketSmtpTlsProbe implements SmtpTlsProbe {
  /** The longest reply line read (RFC 5321 allows 512; some servers send more). */
  public static final int MAX_LINE_BYTES = 1000;

  /** The most lines one reply may have. */
  public static final int MAX_REPLY_LINES = 100;

  private static final int MAX_TRANSCRIPT = 60;

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dmarcpilot-smtp-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final Duration timeout;
  private final int smtpPort;
  private final int smtpsPort;
  private final String ehloName;
  private final List<X509Certificate> authorities;

  /**
   * A probe of the standard ports 25 and 465 that checks certificates against the JDK's trusted
   * authorities.
   *
   * @param timeout the most each attempt (port 25, then port 465) may take, connection included
   */
  public SocketSmtpTlsProbe(Duration timeout) {
    this(timeout, 25, 465, "localhost", CertificateChecks.systemAuthorities());
  }

  /**
   * A probe with every setting given (tests use other ports and their own authority).
   *
   * @param timeout the most each attempt may take, connection included
   * @param smtpPort the port for SMTP with STARTTLS (25)
   * @param smtpsPort the port for implicit TLS (465); 0 to not try it
   * @param ehloName the name sent with EHLO
   * @param authorities the certificate authorities a certificate must lead to
   */
  public SocketSmtpTlsProbe(
      Duration timeout,
      int smtpPort,
      int smtpsPort,
      String ehloName,
      List<X509Certificate> authorities) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (smtpPort < 1 || smtpPort > 65535 || smtpsPort < 0 || smtpsPort > 65535) {
      throw new IllegalArgumentException("bad port: " + smtpPort + ", " + smtpsPort);
    }
    this.smtpPort = smtpPort;
    this.smtpsPort = smtpsPort;
    this.ehloName = Objects.requireNonNull(ehloName, "ehloName");
    this.authorities = List.copyOf(authorities);
  }

  @Override
  public SmtpTlsResult probe(String host, InetAddress address) {
    List<String> transcript = new ArrayList<>();
    Attempt start = new Attempt(host, address, smtpPort, false, transcript);
    start.run();
    Attempt tls = start;
    TlsOutcome implicit = TlsOutcome.NOT_TRIED;
    if (start.outcome != TlsOutcome.OK && smtpsPort != 0) {
      Attempt second = new Attempt(host, address, smtpsPort, true, transcript);
      second.run();
      implicit = second.outcome;
      if (second.outcome == TlsOutcome.OK) {
        tls = second;
      }
    }
    String certProblem = null;
    if (tls.outcome == TlsOutcome.OK) {
      certProblem = certificateProblem(host, tls.chain);
    }
    return new SmtpTlsResult(
        host,
        address.getHostAddress(),
        start.outcome,
        implicit,
        tls.outcome == TlsOutcome.OK ? tls.version : null,
        certProblem,
        start.outcome == TlsOutcome.OK ? "" : start.detail,
        transcript);
  }

  private @Nullable String certificateProblem(String host, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return "the server sent no certificate";
    }
    Instant now = Instant.now();
    String validity = CertificateChecks.validityProblem(chain.get(0), now);
    if (validity != null) {
      return validity;
    }
    List<String> names = CertificateChecks.dnsNames(chain.get(0));
    if (names.stream().noneMatch(n -> CertificateChecks.nameMatches(n, host))) {
      return "the certificate is for "
          + (names.isEmpty()
              ? chain.get(0).getSubjectX500Principal().getName()
              : String.join(", ", names))
          + ", not "
          + host;
    }
    return CertificateChecks.chainProblem(chain, authorities, now);
  }

  /** One connection: STARTTLS on the SMTP port, or TLS at once on the SMTPS port. */
  private final class Attempt {
    private final String host;
    private final InetAddress address;
    private final int port;
    private final boolean implicit;
    private final List<String> transcript;
    private final long deadline;
    private TlsOutcome outcome = TlsOutcome.NOT_TRIED;
    private String detail = "";
    private @Nullable String version;
    private List<X509Certificate> chain = List.of();
    private @Nullable Socket socket;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;
    private boolean handshaking;
    private volatile boolean timedOut;

    Attempt(String host, InetAddress address, int port, boolean implicit, List<String> transcript) {
      this.host = host;
      this.address = address;
      this.port = port;
      this.implicit = implicit;
      this.transcript = transcript;
      this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void run() {
      note("connect " + address.getHostAddress() + ":" + port + (implicit ? " (TLS)" : ""));
      Socket plain = new Socket();
      socket = plain;
      ScheduledFuture<?> watchdog =
          WATCHDOG.schedule(
              () -> {
                timedOut = true;
                closeQuietly(plain);
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        try {
          plain.connect(new InetSocketAddress(address, port), remainingMillis());
        } catch (SocketTimeoutException e) {
          fail(TlsOutcome.UNREACHABLE, "no answer on port " + port + " (filtered?)");
          return;
        } catch (ConnectException | NoRouteToHostException e) {
          fail(TlsOutcome.UNREACHABLE, "port " + port + ": " + e.getMessage());
          return;
        } catch (IOException e) {
          fail(
              expired() ? TlsOutcome.TIMEOUT : TlsOutcome.UNREACHABLE,
              "port " + port + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
          return;
        }
        streams(plain);
        if (implicit) {
          handshake(plain);
          if (outcome != TlsOutcome.NOT_TRIED) {
            return;
          }
          if (expect(reply(), 220, "greeting")) {
            outcome = TlsOutcome.OK;
            quit();
          }
          return;
        }
        if (!expect(reply(), 220, "greeting")) {
          return;
        }
        send("EHLO " + ehloName);
        Reply ehlo = reply();
        if (!expect(ehlo, 250, "EHLO")) {
          return;
        }
        if (!ehlo.offers("STARTTLS")) {
          outcome = TlsOutcome.NOT_OFFERED;
          detail = "STARTTLS is not in the EHLO reply";
          quit();
          return;
        }
        send("STARTTLS");
        Reply go = reply();
        if (go.code != 220) {
          fail(TlsOutcome.HANDSHAKE_FAILED, "STARTTLS refused: " + go.first());
          return;
        }
        handshake(plain);
        if (outcome != TlsOutcome.NOT_TRIED) {
          return;
        }
        outcome = TlsOutcome.OK;
        send("EHLO " + ehloName);
        reply();
        quit();
      } catch (ProtocolException e) {
        if (outcome == TlsOutcome.NOT_TRIED) {
          if (expired()) {
            fail(TlsOutcome.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
          } else {
            fail(TlsOutcome.SMTP_ERROR, e.getMessage());
          }
        }
      } catch (IOException e) {
        if (e instanceof SocketTimeoutException) {
          timedOut = true;
        }
        if (outcome != TlsOutcome.OK) {
          fail(
              expired() ? TlsOutcome.TIMEOUT : TlsOutcome.SMTP_ERROR,
              expired()
                  ? "no complete answer within " + timeout.toMillis() + " ms"
                  : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      } finally {
        watchdog.cancel(false);
        closeQuietly(socket);
      }
    }

    private void handshake(Socket plain) throws IOException {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
        socket = tls;
        SSLParameters params = tls.getSSLParameters();
        try {
          params.setServerNames(List.of(new SNIHostName(host)));
          tls.setSSLParameters(params);
        } catch (IllegalArgumentException e) {
          // not a name SNI can carry: go without
        }
        handshaking = true;
        tls.setSoTimeout(remainingMillis());
        tls.startHandshake();
        handshaking = false;
        SSLSession s = tls.getSession();
        version = s.getProtocol() + " " + s.getCipherSuite();
        note("TLS " + version);
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : s.getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            certs.add(x);
          }
        }
        chain = List.copyOf(certs);
        streams(tls);
      } catch (GeneralSecurityException e) {
        fail(TlsOutcome.HANDSHAKE_FAILED, "TLS unavailable in this JVM: " + e.getMessage());
      } catch (SSLException | SocketTimeoutException e) {
        if (e instanceof SocketTimeoutException) {
          timedOut = true;
        }
        fail(
            expired() ? TlsOutcome.TIMEOUT : TlsOutcome.HANDSHAKE_FAILED,
            "TLS handshake failed: " + CertificateChecks.shorten(String.valueOf(e.getMessage())));
      } catch (IOException e) {
        if (!handshaking) {
          throw e;
        }
        fail(
            expired() ? TlsOutcome.TIMEOUT : TlsOutcome.HANDSHAKE_FAILED,
            "TLS handshake failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    private void streams(Socket s) throws IOException {
      in = new BufferedInputStream(s.getInputStream(), 4096);
      out = s.getOutputStream();
    }

    private boolean expect(Reply r, int code, String what) {
      if (r.code != code) {
        fail(TlsOutcome.SMTP_ERROR, what + ": " + r.first());
        return false;
      }
      return true;
    }

    private void quit() {
      try {
        send("QUIT");
        reply();
      } catch (IOException | ProtocolException e) {
        // the result is known; a rude goodbye does not change it
      }
    }

    private void fail(TlsOutcome o, String why) {
      outcome = o;
      detail = why;
      note("failed: " + why);
    }

    private void send(String line) throws IOException {
      note("C: " + line);
      OutputStream o = Objects.requireNonNull(out);
      o.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      o.flush();
    }

    private Reply reply() throws IOException, ProtocolException {
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = line();
        note("S: " + line);
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
          throw new ProtocolException("not an SMTP reply: " + CertificateChecks.shorten(line));
        }
        lines.add(line);
        if (lines.size() > MAX_REPLY_LINES) {
          throw new ProtocolException("reply longer than " + MAX_REPLY_LINES + " lines");
        }
        if (line.length() == 3 || line.charAt(3) != '-') {
          return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
        }
      }
    }

    private String line() throws IOException, ProtocolException {
      InputStream i = Objects.requireNonNull(in);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        Socket s = Objects.requireNonNull(socket);
        s.setSoTimeout(remainingMillis());
        int b = i.read();
        if (b < 0) {
          throw new ProtocolException(
              buf.size() == 0 ? "the server closed the connection" : "reply cut off");
        }
        if (b == '\n') {
          String l = buf.toString(StandardCharsets.ISO_8859_1);
          return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        }
        if (buf.size() >= MAX_LINE_BYTES) {
          throw new ProtocolException("reply line longer than " + MAX_LINE_BYTES + " bytes");
        }
        buf.write(b);
      }
    }

    private int remainingMillis() throws SocketTimeoutException {
      long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (ms <= 0) {
        timedOut = true;
        throw new SocketTimeoutException("deadline passed");
      }
      return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private boolean expired() {
      return timedOut || System.nanoTime() - deadline >= 0;
    }

    private void note(String line) {
      synchronized (transcript) {
        if (transcript.size() < MAX_TRANSCRIPT) {
          transcript.add(CertificateChecks.shorten(line));
        }
      }
    }
  }

  private record Reply(int code, List<String> lines) {
    String first() {
      return CertificateChecks.shorten(String.join(" / ", lines));
    }

    boolean offers(String keyword) {
      for (int i = 1; i < lines.size(); i++) {
        String ext = lines.get(i).length() > 4 ? lines.get(i).substring(4).strip() : "";
        String upper = ext.toUpperCase(Locale.ROOT);
        if (upper.equals(keyword) || upper.startsWith(keyword + " ")) {
          return true;
        }
      }
      return false;
    }
  }

  /** A reply that is not SMTP, too long, or cut off. */
  private static final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message);
    }
  }

  /**
   * Accepts every server certificate during the handshake, so that STARTTLS support is told apart
   * from certificate trouble; the chain is verified afterwards.
   */
  private static final class AcceptingTrustManager implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // verified after the handshake by certificateProblem
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static void closeQuietly(@Nullable Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing is best effort
      }
    }
  }
}
