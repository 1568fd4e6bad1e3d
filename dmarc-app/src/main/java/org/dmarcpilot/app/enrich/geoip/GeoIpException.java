// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

/** A GeoIP update that could not be done; the message names the package and the problem. */
public final class GeoIpException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public GeoIpException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public GeoIpException(String message, Throwable cause) {
    super(message, cause);
  }
}
