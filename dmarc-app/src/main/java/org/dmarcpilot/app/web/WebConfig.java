// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How the web server listens.
 *
 * @param bind the address to bind ({@value #DEFAULT_BIND} by default: only this machine)
 * @param port the port; 0 picks a free one
 * @param secureCookies mark cookies Secure although the server speaks plain HTTP (set this when a
 *     TLS proxy is in front); over TLS they are Secure anyway
 * @param idleTimeout how long a connection may make no progress, reading or writing, before it is
 *     closed ({@link #DEFAULT_IDLE_TIMEOUT} by default); downloads allow their clients longer
 */
public record WebConfig(String bind, int port, boolean secureCookies, Duration idleTimeout) {
  /** The default bind address. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  /** The default idle timeout of a connection: Jetty's. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Checks the fields. */
  public WebConfig {
    Objects.requireNonNull(bind, "bind");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
  }

  /** Listens with the default idle timeout. */
  public WebConfig(String bind, int port, boolean secureCookies) {
    this(bind, port, secureCookies, DEFAULT_IDLE_TIMEOUT);
  }
}
