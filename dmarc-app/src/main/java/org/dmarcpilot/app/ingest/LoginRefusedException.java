// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;

/**
 * A source ended because the server refused its login. The source has told its {@link SourceEvents}
 * already, so the pipeline records the message as the ingest's error without logging it again:
 * {@code ingest} prints it, {@code serve}'s supervisor logs it once.
 */
final class LoginRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  LoginRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
