// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

/**
 * The embedded database file is open for writing in another process (DuckDB allows one writer per
 * file): usually a running {@code dmarcpilot serve}, which then does the ingesting itself.
 */
public final class StoreInUseException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the file and, when DuckDB says, the process holding it
   * @param cause DuckDB's error
   */
  public StoreInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
