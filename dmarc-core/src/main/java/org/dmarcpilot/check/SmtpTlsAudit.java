// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** STARTTLS (and, failing that, TLS on port 465) on each mail host, as checkdmarc tests them. */
final class SmtpTlsAudit {
  /** How many mail hosts are probed (the first address of each). */
  static final int MAX_PROBED_HOSTS = 5;

  private SmtpTlsAudit() {}

  static void run(AuditContext ctx, String host, List<InetAddress> addresses) {
    SmtpTlsProbe probe = ctx.options.smtpTls();
    if (probe == null || addresses.isEmpty() || ctx.tlsProbes >= MAX_PROBED_HOSTS) {
      return;
    }
    ctx.tlsProbes++;
    InetAddress ip = addresses.get(0);
    SmtpTlsResult r;
    try {
      r = probe.probe(host, ip);
    } catch (RuntimeException e) {
      // a probe must not throw; if one does, say so instead of failing the whole audit
      ctx.add(
          CheckId.MX_SMTP_ERROR,
          host + " (" + ip.getHostAddress() + "): the TLS probe failed: " + e,
          List.of(host));
      return;
    }
    String who = host + " (" + r.address() + ")";
    List<String> ev = new ArrayList<>(r.transcript());
    switch (r.startTls()) {
      case OK -> ctx.record(AuditSection.MX, who + ": STARTTLS, " + r.tlsVersion());
      case NOT_OFFERED, HANDSHAKE_FAILED -> {
        ctx.add(
            CheckId.MX_STARTTLS_MISSING,
            "STARTTLS is not supported on " + who + ": " + r.detail(),
            ev);
        implicit(ctx, r, who, ev);
      }
      default -> { // SMTP_ERROR, UNREACHABLE, TIMEOUT, NOT_TRIED
        ctx.add(CheckId.MX_SMTP_ERROR, who + ": " + r.detail(), ev);
        if (r.implicitTls() == TlsOutcome.OK) {
          ctx.record(AuditSection.MX, who + ": TLS on port 465 only, " + r.tlsVersion());
        }
      }
    }
    if (r.certificateProblem() != null) {
      ctx.add(
          CheckId.MX_TLS_CERTIFICATE,
          "The TLS certificate of " + who + " would fail verification: " + r.certificateProblem(),
          ev);
    }
  }

  private static void implicit(AuditContext ctx, SmtpTlsResult r, String who, List<String> ev) {
    if (r.implicitTls() == TlsOutcome.OK) {
      ctx.record(AuditSection.MX, who + ": no STARTTLS; TLS on port 465, " + r.tlsVersion());
    } else if (r.implicitTls() != TlsOutcome.NOT_TRIED) {
      ctx.add(
          CheckId.MX_SMTPS_MISSING,
          "SSL/TLS is not supported on " + who + " (port 465: " + r.implicitTls() + ")",
          ev);
    }
  }
}
