// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

/**
 * A catalogue file that cannot be read or breaks a rule; the message names the file, the service
 * and the field.
 */
public final class CatalogueException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public CatalogueException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public CatalogueException(String message, Throwable cause) {
    super(message, cause);
  }
}
