// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.secrets;

/** A sealed secret cannot be opened: sealed under another key, damaged, or not a sealed value. */
public final class SecretException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with the reason. */
  public SecretException(String message) {
    super(message);
  }

  /** An exception with the reason and the cause. */
  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
