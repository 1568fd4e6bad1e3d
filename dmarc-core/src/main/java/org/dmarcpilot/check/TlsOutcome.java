// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

/** What one attempt at TLS with a mail host came to. */
public enum TlsOutcome {
  /** TLS was negotiated. */
  OK,
  /** The server answered but did not offer STARTTLS in its EHLO reply. */
  NOT_OFFERED,
  /** STARTTLS was offered (or the port spoke TLS) but the TLS handshake failed or was refused. */
  HANDSHAKE_FAILED,
  /** The server sent an SMTP error, an unusable or oversized reply, or closed the connection. */
  SMTP_ERROR,
  /** No connection could be made (refused, unreachable, or the port is filtered). */
  UNREACHABLE,
  /** The server did not finish within the time allowed. */
  TIMEOUT,
  /** This attempt was not made. */
  NOT_TRIED
}
