// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

/** The store could not do its job: the database failed, refused a connection or a migration. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with its cause.
   *
   * @param message what the store was doing, naming the database
   * @param cause the database's exception
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failure without an underlying exception.
   *
   * @param message what went wrong, naming the database
   */
  public StoreException(String message) {
    super(message);
  }
}
