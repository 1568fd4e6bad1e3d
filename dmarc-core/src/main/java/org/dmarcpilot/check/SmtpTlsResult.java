// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SmtpTlsProbe} found at one mail host.
 *
 * @param host the mail host name (from the MX record)
 * @param address the IP address connected to
 * @param startTls STARTTLS on port 25 (RFC 3207)
 * @param implicitTls TLS from the first byte on port 465 (RFC 8314), tried only when STARTTLS did
 *     not work; {@link TlsOutcome#NOT_TRIED} otherwise
 * @param tlsVersion the negotiated protocol and cipher suite, such as {@code TLSv1.3
 *     TLS_AES_256_GCM_SHA384}, or null without TLS
 * @param certificateProblem why the server's certificate would fail verification (untrusted,
 *     expired, wrong name), or null when it verifies or no TLS was negotiated
 * @param detail a one-line reason for a failure (the SMTP reply, the exception), or an empty string
 * @param transcript the conversation, one line per command or reply line, shortened
 */
public record SmtpTlsResult(
    String host,
    String address,
    TlsOutcome startTls,
    TlsOutcome implicitTls,
    @Nullable String tlsVersion,
    @Nullable String certificateProblem,
    String detail,
    List<String> transcript) {
  public SmtpTlsResult {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(startTls, "startTls");
    Objects.requireNonNull(implicitTls, "implicitTls");
    Objects.requireNonNull(detail, "detail");
    transcript = List.copyOf(transcript);
  }

  /** Whether the host could be reached on port 25 at all and spoke SMTP. */
  public boolean reachable() {
    return startTls == TlsOutcome.OK
        || startTls == TlsOutcome.NOT_OFFERED
        || startTls == TlsOutcome.HANDSHAKE_FAILED;
  }
}
