// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.net.InetAddress;

/**
 * Tests whether a mail host accepts TLS: STARTTLS on port 25 and, when that fails, TLS on port 465,
 * as checkdmarc does. {@link SocketSmtpTlsProbe} talks to real servers; tests give results from
 * memory. Implementations must bound time and the size of server replies, and never throw for
 * network trouble: they return it as a {@link TlsOutcome}.
 */
@FunctionalInterface
public interface SmtpTlsProbe {

  /**
   * Probes one address of a mail host.
   *
   * @param host the mail host name, used for SNI and the certificate name check
   * @param address the address to connect to
   */
  SmtpTlsResult probe(String host, InetAddress address);
}
