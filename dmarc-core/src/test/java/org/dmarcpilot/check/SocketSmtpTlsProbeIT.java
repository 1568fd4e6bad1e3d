// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.testing.TestPki;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketSmtpTlsProbe} against real SMTP conversations over loopback TCP with real TLS
 * handshakes ({@link TestSmtpServer}): STARTTLS offered and working, not offered (with and without
 * TLS on the second port), refused service, broken TLS, and hostile servers that trickle or send
 * endless lines, which must end within the deadline.
 */
class SocketSmtpTlsProbeIT {
  private static final String HOST = "mx.example.test";
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final TestPki.Issued SERVER =
      TestPki.issue(
          null,
          HOST,
          Instant.now().minusSeconds(3600),
          Instant.now().plusSeconds(86400),
          List.of(HOST),
          null);

  private static SocketSmtpTlsProbe probe(int smtp, int smtps, List<X509Certificate> cas) {
    return new SocketSmtpTlsProbe(Duration.ofSeconds(10), smtp, smtps, "probe.example.test", cas);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  @Test
  void starttls_offered_handshakeSucceeds_certificateTrusted() throws Exception {
    try (TestSmtpServer smtp =
        new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestPki.serverContext(SERVER))) {
      SmtpTlsResult r =
          probe(smtp.port(), closedPort(), List.of(SERVER.certificate())).probe(HOST, LOOPBACK);
      assertThat(r.startTls()).as(r.transcript().toString()).isEqualTo(TlsOutcome.OK);
      assertThat(r.implicitTls()).isEqualTo(TlsOutcome.NOT_TRIED);
      assertThat(r.tlsVersion()).startsWith("TLSv1.");
      assertThat(r.certificateProblem()).isNull();
      assertThat(smtp.commands())
          .containsSubsequence(
              "EHLO probe.example.test", "STARTTLS", "EHLO probe.example.test", "QUIT");
    }
  }

  @Test
  void starttls_selfSignedCertificate_reportedAsCertificateProblem() throws Exception {
    try (TestSmtpServer smtp =
        new TestSmtpServer(TestSmtpServer.Mode.STARTTLS, TestPki.serverContext(SERVER))) {
      SmtpTlsResult r =
          new SocketSmtpTlsProbe(
                  Duration.ofSeconds(10),
                  smtp.port(),
                  0,
                  "probe.example.test",
                  CertificateChecks.systemAuthorities())
              .probe(HOST, LOOPBACK);
      assertThat(r.startTls()).isEqualTo(TlsOutcome.OK);
      assertThat(r.certificateProblem()).contains("does not lead to a trusted authority");
      SmtpTlsResult wrongName =
          probe(smtp.port(), 0, List.of(SERVER.certificate()))
              .probe("other.example.test", LOOPBACK);
      assertThat(wrongName.certificateProblem())
          .contains("is for mx.example.test, not other.example.test");
    }
  }

  @Test
  void noStarttls_thenImplicitTlsOnSecondPort() throws Exception {
    try (TestSmtpServer plain = new TestSmtpServer(TestSmtpServer.Mode.PLAIN, null);
        TestSmtpServer smtps =
            new TestSmtpServer(TestSmtpServer.Mode.IMPLICIT_TLS, TestPki.serverContext(SERVER))) {
      SmtpTlsResult r =
          probe(plain.port(), smtps.port(), List.of(SERVER.certificate())).probe(HOST, LOOPBACK);
      assertThat(r.startTls()).isEqualTo(TlsOutcome.NOT_OFFERED);
      assertThat(r.implicitTls()).as(r.transcript().toString()).isEqualTo(TlsOutcome.OK);
      assertThat(r.tlsVersion()).startsWith("TLSv1.");
      assertThat(plain.commands()).containsExactly("EHLO probe.example.test", "QUIT");
    }
  }

  @Test
  void noStarttls_noImplicitTls_throughTheAudit() throws Exception {
    try (TestSmtpServer plain = new TestSmtpServer(TestSmtpServer.Mode.PLAIN, null)) {
      AuditOptions o =
          AuditOptions.defaults()
              .withReverseDns(false)
              .withSmtpTls(probe(plain.port(), closedPort(), List.of()));
      AuditReport report =
          new DomainAudit(
                  InMemoryDnsResolver.fromZone(
                      AuditZones.with(
                          "example.com. MX 10 " + HOST + ".\n" + HOST + ". A 127.0.0.1")),
                  o)
              .audit("example.com");
      assertThat(report.findings())
          .anySatisfy(
              f -> {
                assertThat(f.id()).isEqualTo("mx.starttls-missing");
                assertThat(f.title()).contains("STARTTLS is not supported on mx.example.test");
                assertThat(f.evidence()).contains("S: 250 PIPELINING");
              })
          .anySatisfy(f -> assertThat(f.id()).isEqualTo("mx.smtps-missing"));
    }
  }

  @Test
  void refusedService_isAnSmtpError() throws Exception {
    try (TestSmtpServer smtp = new TestSmtpServer(TestSmtpServer.Mode.REFUSE, null)) {
      SmtpTlsResult r = probe(smtp.port(), 0, List.of()).probe(HOST, LOOPBACK);
      assertThat(r.startTls()).isEqualTo(TlsOutcome.SMTP_ERROR);
      assertThat(r.detail()).contains("554 mx.example.test no service for you");
    }
  }

  @Test
  void brokenTls_isAHandshakeFailure() throws Exception {
    try (TestSmtpServer smtp = new TestSmtpServer(TestSmtpServer.Mode.BROKEN_TLS, null)) {
      SmtpTlsResult r = probe(smtp.port(), 0, List.of()).probe(HOST, LOOPBACK);
      assertThat(r.startTls()).isEqualTo(TlsOutcome.HANDSHAKE_FAILED);
      assertThat(r.detail()).contains("TLS handshake failed");
    }
  }

  @Test
  void closedPort_isUnreachable() throws Exception {
    SmtpTlsResult r = probe(closedPort(), closedPort(), List.of()).probe(HOST, LOOPBACK);
    assertThat(r.startTls()).isEqualTo(TlsOutcome.UNREACHABLE);
    assertThat(r.implicitTls()).isEqualTo(TlsOutcome.UNREACHABLE);
    assertThat(r.reachable()).isFalse();
  }

  @Test
  void tricklingServer_endsAtTheDeadline() throws Exception {
    try (TestSmtpServer smtp = new TestSmtpServer(TestSmtpServer.Mode.TRICKLE, null)) {
      SocketSmtpTlsProbe p =
          new SocketSmtpTlsProbe(
              Duration.ofSeconds(1), smtp.port(), 0, "probe.example.test", List.of());
      SmtpTlsResult r =
          assertTimeoutPreemptively(Duration.ofSeconds(15), () -> p.probe(HOST, LOOPBACK));
      assertThat(r.startTls()).isEqualTo(TlsOutcome.TIMEOUT);
      assertThat(r.detail()).contains("no complete answer within 1000 ms");
    }
  }

  @Test
  void endlessLine_isCutOff() throws Exception {
    try (TestSmtpServer smtp = new TestSmtpServer(TestSmtpServer.Mode.HUGE_LINE, null)) {
      SmtpTlsResult r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(15), () -> probe(smtp.port(), 0, List.of()).probe(HOST, LOOPBACK));
      assertThat(r.startTls()).isEqualTo(TlsOutcome.SMTP_ERROR);
      assertThat(r.detail())
          .contains("longer than " + SocketSmtpTlsProbe.MAX_LINE_BYTES + " bytes");
    }
  }
}
