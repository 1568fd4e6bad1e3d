// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import java.util.Objects;

/**
 * How the web server listens.
 *
 * @param bind the address to bind ({@value #DEFAULT_BIND} by default: only this machine)
 * @param port the port; 0 picks a free one
 * @param secureCookies mark cookies Secure although the server speaks plain HTTP (set this when a
 *     TLS proxy is in front); over TLS they are Secure anyway
 */
public record WebConfig(String bind, int port, boolean secureCookies) {
  /** The default bind address. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  /** Checks the fields. */
  public WebConfig {
    Objects.requireNonNull(bind, "bind");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
  }
}
