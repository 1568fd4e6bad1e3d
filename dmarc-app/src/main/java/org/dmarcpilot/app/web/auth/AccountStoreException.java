// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.auth;

/** The account database could not do what was asked (connection lost, schema missing). */
public final class AccountStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message and cause. */
  public AccountStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
